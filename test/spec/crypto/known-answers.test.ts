// External known answers for the primitives the protocol hashes and signs with (docs/PROTOCOL.md 1 and 2.2): SHA3-256
// and SHA3-512 (src/crypto/hash.ts, node:crypto) and ed25519 (src/crypto/keys.ts). The values are typed in from
// published sources, named per group below, not computed by this project; each digest was also checked, when the
// test was written, against CPython's built-in _sha3 module (its own Keccak, not OpenSSL's).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sha3_256, sha3_512 } from '../../../src/crypto/hash.js';
import { publicKeyFromSeed, signMessage, verifySignature } from '../../../src/crypto/keys.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

// The FIPS 202 / NIST "example values" messages (csrc.nist.gov, Examples with Intermediate Values, SHA3-256 and
// SHA3-512), the same messages as the SHA-2 examples of FIPS 180.
const M448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
const M896 =
  'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';
const MILLION_A = 'a'.repeat(1_000_000);

const EXAMPLES: { name: string; message: string; sha3_256: string; sha3_512: string }[] = [
  {
    name: 'the empty message',
    message: '',
    sha3_256: 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a',
    sha3_512:
      'a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26',
  },
  {
    name: '"abc"',
    message: 'abc',
    sha3_256: '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532',
    sha3_512:
      'b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0',
  },
  {
    name: 'the 448-bit message',
    message: M448,
    sha3_256: '41c0dba2a9d6240849100376a8235e2c82e1b9998a999e21db32dd97496d3376',
    sha3_512:
      '04a371e84ecfb5b8b77cb48610fca8182dd457ce6f326a0fd3d7ec2f1e91636dee691fbe0c985302ba1b0d8dc78c086346b533b49c030d99a27daf1139d6e75e',
  },
  {
    name: 'the 896-bit message',
    message: M896,
    sha3_256: '916f6061fe879741ca6469b43971dfdb28b1a32dc36cb3254e812be27aad1d18',
    sha3_512:
      'afebb2ef542e6579c50cad06d2e578f9f8dd6881d7dc824d26360feebf18a4fa73e3261122948efcfd492e74e82e2189ed0fb440d187f382270cb455f21dd185',
  },
  {
    name: "one million 'a'",
    message: MILLION_A,
    sha3_256: '5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1',
    sha3_512:
      '3c3a876da14034ab60627c077bb98f7e120a2a5370212dffb3385a18d4f38859ed311d0a9d5141ce9cc5c66ee689b266a8aa18ace8282a0e0db596c90b0a7b87',
  },
];

// NIST CAVP byte-oriented SHA-3 test vectors (sha-3bytetestvectors.zip), SHA3_256ShortMsg.rsp: [Len (bits), Msg, MD].
// Len = 0 is listed there with Msg = 00, which stands for the empty message.
const SHA3_256_SHORT: [number, string, string][] = [
  [0, '', 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a'],
  [8, 'e9', 'f0d04dd1e6cfc29a4460d521796852f25d9ef8d28b44ee91ff5b759d72c1e6d6'],
  [16, 'd477', '94279e8f5ccdf6e17f292b59698ab4e614dfe696a46c46da78305fc6a3146ab7'],
  [24, 'b053fa', '9d0ff086cd0ec06a682c51c094dc73abdc492004292344bd41b82a60498ccfdb'],
  [32, 'e7372105', '3a42b68ab079f28c4ca3c752296f279006c4fe78b1eb79d989777f051e4046ae'],
  [64, '8bca931c8a132d2f', 'dbb8be5dec1d715bd117b24566dc3f24f2cc0c799795d0638d9537481ef1e03e'],
  [128, 'd83c721ee51b060c5a41438a8221e040', 'b87d9e4722edd3918729ded9a6d03af8256998ee088a1ae662ef4bcaff142a96'],
  [
    256,
    'c178ce0f720a6d73c6cf1caa905ee724d5ba941c2e2628136e3aad7d853733ba',
    '64537b87892835ff0963ef9ad5145ab4cfce5d303a0cb0415b3b03f9d16e7d6b',
  ],
];

// The same archive, SHA3_512ShortMsg.rsp.
const SHA3_512_SHORT: [number, string, string][] = [
  [
    0,
    '',
    'a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26',
  ],
  [
    8,
    'e5',
    '150240baf95fb36f8ccb87a19a41767e7aed95125075a2b2dbba6e565e1ce8575f2b042b62e29a04e9440314a821c6224182964d8b557b16a492b3806f4c39c1',
  ],
  [
    16,
    'ef26',
    '809b4124d2b174731db14585c253194c8619a68294c8c48947879316fef249b1575da81ab72aad8fae08d24ece75ca1be46d0634143705d79d2f5177856a0437',
  ],
  [
    24,
    '37d518',
    '4aa96b1547e6402c0eee781acaa660797efe26ec00b4f2e0aec4a6d10688dd64cbd7f12b3b6c7f802e2096c041208b9289aec380d1a748fdfcd4128553d781e3',
  ],
  [
    32,
    'fc7b8cda',
    '58a5422d6b15eb1f223ebe4f4a5281bc6824d1599d979f4c6fe45695ca89014260b859a2d46ebf75f51ff204927932c79270dd7aef975657bb48fe09d8ea008e',
  ],
  [
    64,
    'af53fa3ff8a3cfb2',
    '03c2ac02de1765497a0a6af466fb64758e3283ed83d02c0edb3904fd3cf296442e790018d4bf4ce55bc869cebb4aa1a799afc9d987e776fef5dfe6628e24de97',
  ],
  [
    128,
    '054095ba531eec22113cc345e83795c7',
    'f3adf5ccf2830cd621958021ef998252f2b6bc4c135096839586d5064a2978154ea076c600a97364bce0e9aab43b7f1f2da93537089de950557674ae6251ca4d',
  ],
  [
    256,
    '7c1688217b313278b9eae8edcf8aa4271614296d0c1e8916f9e0e940d28b88c5',
    '627ba4de74d05bb6df8991112e4d373bfced37acde1304e0f664f29fa126cb497c8a1b717b9929120883ec8898968e4649013b760a2180a9dc0fc9b27f5b7f3b',
  ],
  [
    512,
    '56ac4f6845a451dac3e8886f97f7024b64b1b1e9c5181c059b5755b9a6042be653a2a0d5d56a9e1e774be5c9312f48b4798019345beae2ffcc63554a3c69862e',
    '5fde5c57a31febb98061f27e4506fa5c245506336ee90d595c91d791a5975c712b3ab9b3b5868f941db0aeb4c6d2837c4447442f8402e0e150a9dc0ef178dca8',
  ],
];

// RFC 8032 section 7.1, Ed25519 TEST 1, TEST 2 and TEST 3: [secret key (the 32-byte seed), public key, message, signature].
const ED25519: [string, string, string, string][] = [
  [
    '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    '',
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  ],
  [
    '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    '72',
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  ],
  [
    'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    'af82',
    '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  ],
];

describe('SHA3 known answers (FIPS 202 examples)', () => {
  for (const e of EXAMPLES) {
    test(`SHA3-256 and SHA3-512 of ${e.name}`, () => {
      const m = ascii(e.message);
      assert.equal(toHex(sha3_256(m)), e.sha3_256);
      assert.equal(toHex(sha3_512(m)), e.sha3_512);
    });
  }

  test('a message in parts hashes as the whole (the 896-bit message cut at every 7th byte)', () => {
    const m = ascii(M896);
    const parts = Array.from({ length: Math.ceil(m.length / 7) }, (_, i) => m.subarray(7 * i, 7 * i + 7));
    assert.equal(toHex(sha3_512(...parts)), EXAMPLES[3].sha3_512);
    assert.equal(toHex(sha3_256(...parts)), EXAMPLES[3].sha3_256);
  });
});

describe('SHA3 known answers (NIST CAVP ShortMsg, byte-oriented)', () => {
  test('SHA3_256ShortMsg.rsp', () => {
    for (const [len, msg, md] of SHA3_256_SHORT) {
      assert.equal(msg.length * 4, len);
      assert.equal(toHex(sha3_256(hex(msg))), md, `Len = ${len}`);
    }
  });
  test('SHA3_512ShortMsg.rsp', () => {
    for (const [len, msg, md] of SHA3_512_SHORT) {
      assert.equal(msg.length * 4, len);
      assert.equal(toHex(sha3_512(hex(msg))), md, `Len = ${len}`);
    }
  });
});

describe('ed25519 known answers (RFC 8032 7.1, tests 1-3)', () => {
  ED25519.forEach(([seed, publicKey, message, signature], i) => {
    test(`TEST ${i + 1}: public key, signature, verification`, () => {
      assert.equal(toHex(publicKeyFromSeed(hex(seed))), publicKey);
      assert.equal(toHex(signMessage(hex(seed), hex(message))), signature);
      assert.equal(verifySignature(hex(publicKey), hex(message), hex(signature)), true);
      const flipped = hex(signature);
      flipped[0] ^= 1;
      assert.equal(verifySignature(hex(publicKey), hex(message), flipped), false);
    });
  });
});
