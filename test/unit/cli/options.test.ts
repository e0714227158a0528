import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { CodedError } from '../../../src/base/coded-error.js';
import { addressFromPublicKey, formatAddress } from '../../../src/crypto/address.js';
import {
  MAX_INTEGER,
  parseAddressOption,
  parseBigInteger,
  parseChoice,
  parseDuration,
  parseHex,
  parseHostList,
  parseInteger,
  parseKeyValues,
  parseListenHost,
  parseNumber,
  parsePort,
  parseSize,
  parseThresholdSchedule,
} from '../../../src/cli/options.js';
import { parseProposalId } from '../../../src/cli/governance.js';
import { CliError } from '../../../src/cli/output.js';

/** Asserts that parsing `text` fails with a CliError whose message is exactly `message`. */
function rejects<T>(parse: (text: string) => T, text: string, message: string): void {
  assert.throws(
    () => parse(text),
    (err: unknown) => {
      assert.ok(err instanceof CliError && err instanceof CodedError, `not a CliError: ${String(err)}`);
      assert.equal(err.message, message);
      assert.equal(err.code, 'cli');
      return true;
    },
  );
}

describe('parseInteger', () => {
  const blocks = parseInteger('--blocks', { min: 1 });
  test('reads decimal digits within the bounds', () => {
    assert.equal(blocks('1'), 1);
    assert.equal(blocks('42'), 42);
    assert.equal(blocks('007'), 7);
    assert.equal(blocks(String(MAX_INTEGER)), MAX_INTEGER);
    assert.equal(parseInteger('--seed')('0'), 0);
    assert.equal(parseInteger('--nonce', { max: Number.MAX_SAFE_INTEGER - 1 })('9007199254740990'), 9007199254740990);
  });
  test('rejects anything else in one style', () => {
    const msg = (t: string) => `--blocks must be an integer in 1..1000000000, not '${t}'`;
    for (const t of [
      'abc',
      '',
      ' 1',
      '1 ',
      '-1',
      '+1',
      '1.5',
      '1e3',
      '0x10',
      '1_000',
      '0',
      '1000000001',
      '99999999999999999999',
    ]) {
      rejects(blocks, t, msg(t));
    }
    rejects(parseInteger('--d', { min: 1, max: 999 }), '1000', "--d must be an integer in 1..999, not '1000'");
    rejects(parseInteger('--one', { min: 1, max: 1 }), '2', "--one must be an integer 1, not '2'");
  });
});

describe('parseBigInteger', () => {
  const amount = parseBigInteger('--amount', (1n << 128n) - 1n);
  test('reads amounts up to the maximum exactly', () => {
    assert.equal(amount('0'), 0n);
    assert.equal(amount(String((1n << 128n) - 1n)), (1n << 128n) - 1n);
  });
  test('rejects signs, fractions and values above the maximum', () => {
    const max = String((1n << 128n) - 1n);
    for (const t of ['-1', '1.0', 'ten', '', String(1n << 128n)]) {
      rejects(amount, t, `--amount must be an integer in 0..${max}, not '${t}'`);
    }
  });
});

describe('parsePort', () => {
  const port = parsePort('--api-port');
  test('reads 0..65535', () => {
    assert.equal(port('0'), 0);
    assert.equal(port('8080'), 8080);
    assert.equal(port('65535'), 65535);
  });
  test('rejects the rest', () => {
    for (const t of ['65536', '-1', 'http', '', '123456', '80.0']) {
      rejects(port, t, `--api-port must be a port number in 0..65535, not '${t}'`);
    }
  });
});

describe('parseNumber', () => {
  test('reads decimals within the bounds', () => {
    assert.equal(parseNumber('--lr')('0.002'), 0.002);
    assert.equal(parseNumber('--lr')('.5'), 0.5);
    assert.equal(parseNumber('--lr')('3'), 3);
    assert.equal(parseNumber('--target', { max: 1 })('1'), 1);
  });
  test('rejects non-numbers, signs, exponents and values out of bounds', () => {
    for (const t of ['', 'fast', '-0.1', '1e-3', 'Infinity', 'NaN', '1.2.3', ' 1']) {
      rejects(parseNumber('--lr'), t, `--lr must be a number at least 0, not '${t}'`);
    }
    rejects(parseNumber('--target', { max: 1 }), '1.5', "--target must be a number in 0..1, not '1.5'");
  });
});

describe('parseSize', () => {
  const size = parseSize('--cache');
  test('reads bytes with decimal and binary units', () => {
    assert.equal(size('1024'), 1024);
    assert.equal(size('0'), 0);
    assert.equal(size('10kB'), 10_000);
    assert.equal(size('512MiB'), 512 * 2 ** 20);
    assert.equal(size('2GiB'), 2 * 2 ** 30);
    assert.equal(size('1.5KiB'), 1536);
    assert.equal(size('1.1kB'), 1100);
    assert.equal(size('3 MB'), 3_000_000);
    assert.equal(size('7B'), 7);
    assert.equal(size('1TiB'), 2 ** 40);
  });
  test('rejects unknown units, fractions of a byte, signs and out-of-bounds sizes', () => {
    const msg = (t: string) =>
      `--cache must be a size (bytes, or e.g. 10kB, 512MiB, 2GiB) in 0..${Number.MAX_SAFE_INTEGER} bytes, not '${t}'`;
    for (const t of ['', 'big', '2XB', '2gib', '10kb', '1.5B', '0.0001kB', '1.0000001KiB', '-1MiB', 'MiB', '1e3'])
      rejects(size, t, msg(t));
    rejects(
      parseSize('--cache', { min: 1024, max: 2 ** 30 }),
      '2GiB',
      `--cache must be a size (bytes, or e.g. 10kB, 512MiB, 2GiB) in 1024..${2 ** 30} bytes, not '2GiB'`,
    );
  });
});

describe('parseDuration', () => {
  const budget = parseDuration('--time-budget', { min: 1 });
  test('reads seconds, plain or with a unit', () => {
    assert.equal(budget('90'), 90);
    assert.equal(budget('90s'), 90);
    assert.equal(budget('5m'), 300);
    assert.equal(budget('1h'), 3600);
    assert.equal(budget('1.5m'), 90);
    assert.equal(budget('1500ms'), 1.5);
    assert.equal(parseDuration('--t')('0'), 0);
  });
  test('rejects unknown units, signs and durations out of bounds', () => {
    const msg = (t: string) =>
      `--time-budget must be a duration (seconds, or e.g. 90s, 5m, 1h) at least 1 s, not '${t}'`;
    for (const t of ['', 'soon', '5 minutes', '1d', '5M', '-5s', '0.5', '500ms', '1..2s', 's', '1e3'])
      rejects(budget, t, msg(t));
    rejects(
      parseDuration('--t', { max: 60 }),
      '2m',
      "--t must be a duration (seconds, or e.g. 90s, 5m, 1h) in 0..60 s, not '2m'",
    );
  });
});

describe('parseHex', () => {
  const pubkey = parseHex('--from-pubkey', 32);
  test('reads exactly the given number of bytes, either case', () => {
    assert.deepEqual(pubkey('ab'.repeat(32)), new Uint8Array(32).fill(0xab));
    assert.deepEqual(pubkey('AB'.repeat(32)), new Uint8Array(32).fill(0xab));
  });
  test('rejects other lengths and non-hex, quoting long input cut short', () => {
    rejects(pubkey, 'xyz', "--from-pubkey must be 64 hex digits (32 bytes), not 'xyz'");
    rejects(pubkey, '', "--from-pubkey must be 64 hex digits (32 bytes), not ''");
    rejects(
      pubkey,
      'ab'.repeat(31),
      `--from-pubkey must be 64 hex digits (32 bytes), not '${'ab'.repeat(16)}…' (62 characters)`,
    );
    rejects(
      pubkey,
      'g'.repeat(64),
      `--from-pubkey must be 64 hex digits (32 bytes), not '${'g'.repeat(32)}…' (64 characters)`,
    );
  });
});

describe('parseAddressOption', () => {
  const to = parseAddressOption('--to');
  const address = addressFromPublicKey(new Uint8Array(32).fill(1));
  const text = formatAddress(address);
  test('reads an address as wallets print it', () => {
    assert.deepEqual(to(text), address);
  });
  test('rejects a bad prefix, length, case or checksum, saying which', () => {
    rejects(to, 'xyz', `--to must be an address (cai…), not 'xyz': must start with "cai"`);
    assert.throws(
      () => to(text.slice(0, -1)),
      /^CliError: --to must be an address \(cai…\), not '.*: expected 48 hex digits after "cai"$/,
    );
    assert.throws(() => to(text.toUpperCase().replace('CAI', 'cai')), /: hex must be lowercase$/);
    const flipped = text.slice(0, -1) + (text.endsWith('0') ? '1' : '0');
    assert.throws(() => to(flipped), /^CliError: --to must be an address \(cai…\), not '.*: checksum mismatch$/);
  });
});

describe('parseChoice', () => {
  test('reads one of the words', () => {
    assert.equal(parseChoice('--split', ['validation', 'test'] as const)('test'), 'test');
  });
  test('rejects other words, naming the choices', () => {
    rejects(
      parseChoice('--split', ['validation', 'test']),
      'train',
      "--split must be one of validation, test, not 'train'",
    );
    rejects(parseChoice('--format', ['onnx']), 'tflite', "--format must be onnx, not 'tflite'");
  });
});

describe('parseListenHost', () => {
  const host = parseListenHost('--api-host');
  test('takes IP literals (IPv6 without brackets) and host names as given', () => {
    for (const ok of ['127.0.0.1', '0.0.0.0', '::', '::1', 'fe80::1', 'localhost', 'node.example'])
      assert.equal(host(ok), ok);
  });
  test('rejects ports, brackets and what is not a host', () => {
    for (const bad of ['127.0.0.1:8645', '[::1]', 'a b', '', 'http://localhost'])
      rejects(host, bad, `--api-host must be an IP address or a host name, not '${bad}'`);
  });
});

describe('parseHostList', () => {
  const hosts = parseHostList('--api-allowed-hosts');
  test('splits on commas, trimming; entries are name, name:port, [ipv6][:port] or *', () => {
    assert.deepEqual(hosts('node.example'), ['node.example']);
    assert.deepEqual(hosts('node.example, api.example:443,[::1]:80'), ['node.example', 'api.example:443', '[::1]:80']);
    assert.deepEqual(hosts('*'), ['*']);
  });
  test('rejects the whole list when any entry is malformed', () => {
    for (const bad of ['node.example,', 'a b', 'evil@node.example', '::1', 'node.example:99999'])
      rejects(
        hosts,
        bad,
        `--api-allowed-hosts must be host names (name or name:port, comma-separated, or *), not '${bad}'`,
      );
  });
});

describe('parseKeyValues', () => {
  const governance = parseKeyValues('--governance');
  test('reads comma-separated pairs, values as text', () => {
    assert.deepEqual(governance('decisionInterval=4, confirmBlocks=1,selection=stake-max'), {
      decisionInterval: '4',
      confirmBlocks: '1',
      selection: 'stake-max',
    });
    assert.deepEqual(governance('lockUp=0'), { lockUp: '0' });
  });
  test('rejects a malformed pair, an empty list and a key given twice', () => {
    for (const bad of [
      '',
      'lockUp',
      'lockUp=',
      '=3',
      'lockUp=1,',
      'lock-up=1',
      'a=1=2',
      'lockUp=1,lockUp=2',
      '__proto__=1',
    ])
      rejects(governance, bad, `--governance must be key=value pairs, comma-separated, each key once, not '${bad}'`);
  });
});

describe('parseThresholdSchedule', () => {
  const threshold = parseThresholdSchedule('--threshold');
  const expected = 'start,floor,decay,seconds (basis points in 0..10000, seconds in 1..4294967295)';
  test('reads start,floor,decay,seconds as a fixed schedule', () => {
    assert.deepEqual(threshold('9000,5000,100,600'), {
      mode: 'fixed',
      startBp: 9000,
      floorBp: 5000,
      decayBp: 100,
      decaySeconds: 600,
    });
    assert.deepEqual(threshold('0,0,0,1'), { mode: 'fixed', startBp: 0, floorBp: 0, decayBp: 0, decaySeconds: 1 });
    assert.equal(threshold('10000,10000,10000,4294967295').decaySeconds, 4294967295);
  });
  test('refuses what is not four integers in range, and a schedule the chain refuses', () => {
    for (const bad of ['', '9000,5000,100', '9000,5000,100,600,1', '9000,5000,-1,600', '10001,0,0,1', '1,0,0,0x1'])
      rejects(threshold, bad, `--threshold must be ${expected}, not '${bad}'`);
    rejects(threshold, '9000,5000,100,4294967296', `--threshold must be ${expected}, not '9000,5000,100,4294967296'`);
    rejects(
      threshold,
      '5000,6000,10,60',
      "--threshold must be a usable schedule (this one has floor 6000 bp above the start 5000 bp), not '5000,6000,10,60'",
    );
    rejects(
      threshold,
      '5000,1000,10,0',
      "--threshold must be a usable schedule (this one has a decay period of 0 s), not '5000,1000,10,0'",
    );
  });
});

describe('parseProposalId', () => {
  test('reads 64 hex digits; anything else is refused', () => {
    assert.deepEqual(parseProposalId('AB'.repeat(32)), new Uint8Array(32).fill(0xab));
    rejects(
      parseProposalId,
      'ab'.repeat(12),
      `the proposal id must be 64 hex digits (32 bytes), not '${'ab'.repeat(12)}'`,
    );
    rejects(
      parseProposalId,
      'xy'.repeat(32),
      "the proposal id must be 64 hex digits (32 bytes), not 'xyxyxyxyxyxyxyxyxyxyxyxyxyxyxyxy…' (64 characters)",
    );
  });
});

describe('with commander', () => {
  function program() {
    return new Command()
      .exitOverride()
      .option('--blocks <n>', 'blocks', parseInteger('--blocks', { min: 1 }))
      .option('--port <port>', 'port', parsePort('--port'), 9645);
  }
  test('parsers are commander argument parsers; defaults are given as values', () => {
    assert.deepEqual(program().parse(['--blocks', '3'], { from: 'user' }).opts(), { blocks: 3, port: 9645 });
    assert.deepEqual(program().parse(['--port', '0'], { from: 'user' }).opts(), { port: 0 });
  });
  test('a bad value fails the parse with the CliError', () => {
    assert.throws(() => program().parse(['--blocks', 'abc'], { from: 'user' }), {
      name: 'CliError',
      message: "--blocks must be an integer in 1..1000000000, not 'abc'",
    });
  });
});
