// A local network on one machine: a fresh dev chain, `nodes` node processes on loopback (each with its own data
// directory and log under `dir`), all bootstrapping from the first, the first `miners` of them mining, then
// `keepers` keeper processes (`node start --keeper`), each with a funded dev account of its own to bond and to pay
// its proofs' fees from; a few transfers between dev accounts sent through the last node's API. stop() stops
// every node with SIGTERM.
import { join } from 'node:path';
import { encodeTransaction } from '../chain/transaction.js';
import { signTransaction } from '../chain/tx-signing.js';
import { toHex } from '../codec/hex.js';
import { parseAddress } from '../crypto/address.js';
import {
  createDevnetChain,
  DEVNET_PASSWORD,
  type DevAccount,
  type DevnetChain,
  type GovernanceOverrides,
} from './devnet-chain.js';
import { NodeProcess } from './node-process.js';

/** Every node's p2p and API sockets: the devnet is one machine's. */
export const DEVNET_HOST = '127.0.0.1';

export interface DevnetOptions {
  readonly dir: string;
  /** The chain config the devnet's genesis is made from. */
  readonly template: string;
  /** Governance parameters the genesis takes instead of the template's (withGovernance). */
  readonly governance?: GovernanceOverrides;
  readonly nodes: number;
  readonly miners: number;
  /** Keeper processes started after the nodes (node names keeper1…). */
  readonly keepers?: number;
  /** Storage each keeper offers, bytes (its --capacity). */
  readonly keeperCapacity?: number;
  /** More arguments of every keeper's `node start` (e.g. --proof-delay). */
  readonly keeperArgs?: readonly string[];
  /** Node i's API listens on apiPort + i (0: any free port). */
  readonly apiPort: number;
  /** Training threads per miner. */
  readonly workers: number;
  /** How to run the CLI (see NodeProcessOptions.cli). */
  readonly cli: readonly string[];
}

export interface DevnetNode {
  readonly name: string;
  readonly process: NodeProcess;
  readonly datadir: string;
  readonly mining: boolean;
  /** A keeper's dev account (it bonds from it and signs its proofs with it); undefined for the other nodes. */
  readonly keeper?: DevAccount;
}

/** What each keeper offers unless told: room for every model of a devnet's first hours. */
export const DEFAULT_KEEPER_CAPACITY = 2 ** 30;

export class Devnet {
  private constructor(
    readonly chain: DevnetChain,
    readonly nodes: readonly DevnetNode[],
  ) {}

  static async start(o: DevnetOptions): Promise<Devnet> {
    const keepers = o.keepers ?? 0;
    const chain = await createDevnetChain(o.dir, o.template, o.nodes + keepers, o.governance);
    const nodes: DevnetNode[] = [];
    const start = async (name: string, i: number, extra: readonly string[], env?: NodeJS.ProcessEnv) => {
      const datadir = join(o.dir, name);
      const args = [
        '--host',
        DEVNET_HOST,
        '--api-host',
        DEVNET_HOST,
        '--datadir',
        datadir,
        '--genesis',
        chain.genesisFile,
        '--p2p-port',
        '0',
        '--api-port',
        String(o.apiPort && o.apiPort + i),
        ...extra,
      ];
      if (nodes.length > 0) args.push('--bootstrap', ...nodes[0].process.addresses.addresses);
      return {
        datadir,
        process: await NodeProcess.start({ cli: o.cli, args, logFile: join(datadir, 'node.log'), env }),
      };
    };
    try {
      for (let i = 0; i < o.nodes; i++) {
        const mining = i < o.miners;
        const extra = mining ? ['--mine', '--miner-key', chain.accounts[i].file, '--cores', String(o.workers)] : [];
        nodes.push({ name: `node${i + 1}`, mining, ...(await start(`node${i + 1}`, i, extra)) });
      }
      for (let k = 0; k < keepers; k++) {
        const keeper = chain.accounts[o.nodes + k];
        const extra = [
          '--keeper',
          '--keeper-key',
          keeper.file,
          '--capacity',
          String(o.keeperCapacity ?? DEFAULT_KEEPER_CAPACITY),
          ...(o.keeperArgs ?? []),
        ];
        // The keeper signs its registration and proofs unattended: the dev password comes through the environment.
        const env = { ...process.env, COINAI_PASSWORD: DEVNET_PASSWORD };
        const started = await start(`keeper${k + 1}`, o.nodes + k, extra, env);
        nodes.push({ name: `keeper${k + 1}`, mining: false, keeper, ...started });
      }
    } catch (err) {
      await Promise.all(nodes.map((n) => n.process.stop()));
      throw err;
    }
    return new Devnet(chain, nodes);
  }

  /** The keeper processes, in start order. */
  get keepers(): readonly DevnetNode[] {
    return this.nodes.filter((n) => n.keeper !== undefined);
  }

  /** Sends `count` transfers from the first dev account to the others through the last node; returns their hashes. */
  async sendTransfers(count: number): Promise<string[]> {
    const [from, ...to] = this.chain.accounts;
    const api = this.nodes[this.nodes.length - 1].process.addresses.api;
    const hashes: string[] = [];
    for (let nonce = 0; nonce < count; nonce++) {
      const recipient = parseAddress(to[nonce % to.length].address, 'dev account');
      const tx = signTransaction(
        {
          chainId: this.chain.config.params.chainId,
          sender: from.key.publicKey,
          nonce,
          recipient,
          amount: 1_000_000n * BigInt(nonce + 1),
          fee: this.chain.config.params.minFee, // every recipient is a funded dev account: no creation to pay
          payload: { kind: 'transfer', memo: new TextEncoder().encode('devnet') },
        },
        from.key.privateKey,
      );
      const res = await fetch(`${api}/api/tx`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tx: toHex(encodeTransaction(tx)) }),
      });
      const body = (await res.json()) as { hash?: string; error?: string };
      if (!res.ok) throw new Error(`the node refused a transfer: ${body.error}`);
      hashes.push(body.hash!);
    }
    return hashes;
  }

  async stop(): Promise<(number | null)[]> {
    return Promise.all(this.nodes.map((n) => n.process.stop()));
  }
}
