// `coinai keeper register | exit | status`: a storage keeper's transactions, signed with a key file and submitted
// through a running node's API as `tx send` does (docs/PROTOCOL.md 2.3: amount 0, the zero recipient), and the
// keepers the chain records.
import type { Command } from 'commander';
import { formatBytes } from '../../codec/bytes.js';
import { formatAddress, type Address } from '../../crypto/address.js';
import { MAX_AMOUNT } from '../../chain/params.js';
import type { KeeperDetailJson, KeeperJson, StorageSummaryJson } from '../../node/api/views/storage.js';
import { peerIdBytes } from '../../node/keeper/peer-id.js';
import { ApiClient, withApiOption } from '../api-client.js';
import { parseAddressOption, parseBigInteger, parseSize } from '../options.js';
import { CliError, print } from '../output.js';
import { sendKind, signing, type SignOptions } from '../tx-fields.js';

/** What `keeper register` offers unless told. */
export const DEFAULT_CAPACITY = 2 * 2 ** 30;

interface RegisterOptions extends SignOptions {
  capacity: number;
  bond?: bigint;
  peerId?: string;
}

function parsePeerId(text: string): Uint8Array {
  try {
    return peerIdBytes(text);
  } catch (err) {
    throw new CliError(`--peer-id must be a libp2p peer id (12D3Koo…), not '${text}': ${(err as Error).message}`);
  }
}

const keeperLine = (k: KeeperJson) =>
  `${k.address}  ${k.status.padEnd(8)}  ${formatBytes(k.used)} of ${formatBytes(k.capacity)}  ` +
  `bond ${k.bond}  proofs ${k.proofs}  misses ${k.misses}  earned ${k.earned}  burnt ${k.burnt}  objects ${k.objects}`;

function renderKeeper(k: KeeperDetailJson): string {
  const lines = [
    keeperLine(k),
    `peer ${k.peerId ?? '(not a peer id)'}  registered at ${k.registered}${k.unbondAt ? `  unbonds at ${k.unbondAt}` : ''}`,
  ];
  for (const r of k.replicas) {
    const challenge = r.challenge
      ? `challenge epoch ${r.challenge.epoch} segment ${r.challenge.segment} until ${r.challenge.windowEnd}`
      : 'no open challenge';
    lines.push(
      `  ${r.kind} ${r.root}  ${formatBytes(r.size)}  assigned ${r.assigned}  strikes ${r.strikes}  ` +
        `last proof ${r.lastProof ? `epoch ${r.lastProof}` : 'none'}  ${challenge}  ${r.live ? 'live' : 'NOT LIVE'}`,
    );
  }
  return lines.join('\n');
}

export function register(program: Command): void {
  const keeper = program.command('keeper').description("storage keepers: register, exit, and the chain's keepers");

  signing(
    keeper.command('register').description('register the key as a keeper: bond coin and offer storage'),
    "the keeper's",
  )
    .option(
      '--capacity <size>',
      'storage offered: bytes, or e.g. 512MiB, 2GiB (default 2GiB)',
      parseSize('--capacity', { min: 1 }),
      DEFAULT_CAPACITY,
    )
    .option(
      '--bond <n>',
      "coin locked as the bond (default: the chain's minBond)",
      parseBigInteger('--bond', MAX_AMOUNT),
    )
    .option('--peer-id <id>', "the libp2p peer id that serves the keeper's objects (default: the node's at --api)")
    .action(async (opts: RegisterOptions) => {
      const peerId = opts.peerId === undefined ? undefined : parsePeerId(opts.peerId);
      const client = new ApiClient(opts.api);
      const sent = await sendKind(opts, async (status) => {
        const bond = opts.bond ?? BigInt((await client.get<StorageSummaryJson>('/api/storage')).params.minBond);
        const payload = {
          kind: 'keeper-register' as const,
          capacity: opts.capacity,
          bond,
          peerId: peerId ?? parsePeerId(status.peerId),
        };
        return payload;
      });
      print(opts.json, sent, (d) => `sent ${d.hash}\nkeeper-register of ${d.from} (fee ${d.fee}, nonce ${d.nonce})`);
    });

  signing(
    keeper.command('exit').description('leave: replicas are re-placed at once, the bond paid back later'),
    "the keeper's",
  ).action(async (opts: SignOptions) => {
    const sent = await sendKind(opts, () => ({ kind: 'keeper-exit' }));
    print(opts.json, sent, (d) => `sent ${d.hash}\nkeeper-exit of ${d.from} (fee ${d.fee}, nonce ${d.nonce})`);
  });

  withApiOption(keeper.command('status').description('one keeper, with its replicas and challenges; or every keeper'))
    .argument('[address]', 'a keeper address (cai…)', parseAddressOption('address'))
    .option('--json', 'print JSON')
    .action(async (address: Address | undefined, opts: { api: string; json?: boolean }) => {
      const client = new ApiClient(opts.api);
      if (address) {
        const k = await client.get<KeeperDetailJson>(`/api/keepers/${formatAddress(address)}`);
        print(opts.json, k, renderKeeper);
        return;
      }
      const { keepers } = await client.get<{ keepers: KeeperJson[] }>('/api/keepers');
      print(opts.json, { keepers }, (d) =>
        d.keepers.length === 0 ? 'no keepers' : d.keepers.map(keeperLine).join('\n'),
      );
    });
}
