// A local network on one machine: a fresh dev chain, `nodes` node processes on loopback (each with its own data
// directory and log under `dir`), all bootstrapping from the first, the first `miners` of them mining; a few
// transfers between dev accounts sent through the last node's API. stop() stops every node with SIGTERM.
import { join } from 'node:path';
import { encodeTransaction } from '../chain/transaction.js';
import { signTransaction } from '../chain/tx-signing.js';
import { toHex } from '../codec/hex.js';
import { parseAddress } from '../crypto/address.js';
import { createDevnetChain, type DevnetChain } from './devnet-chain.js';
import { NodeProcess } from './node-process.js';

/** Every node's p2p and API sockets: the devnet is one machine's. */
export const DEVNET_HOST = '127.0.0.1';

export interface DevnetOptions {
  readonly dir: string;
  /** The chain config the devnet's genesis is made from. */
  readonly template: string;
  readonly nodes: number;
  readonly miners: number;
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
}

export class Devnet {
  private constructor(
    readonly chain: DevnetChain,
    readonly nodes: readonly DevnetNode[],
  ) {}

  static async start(o: DevnetOptions): Promise<Devnet> {
    const chain = await createDevnetChain(o.dir, o.template, o.nodes);
    const nodes: DevnetNode[] = [];
    try {
      for (let i = 0; i < o.nodes; i++) {
        const name = `node${i + 1}`;
        const datadir = join(o.dir, name);
        const mining = i < o.miners;
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
        ];
        if (mining) args.push('--mine', '--miner-key', chain.accounts[i].file, '--cores', String(o.workers));
        if (nodes.length > 0) args.push('--bootstrap', ...nodes[0].process.addresses.addresses);
        const process = await NodeProcess.start({ cli: o.cli, args, logFile: join(datadir, 'node.log') });
        nodes.push({ name, process, datadir, mining });
      }
    } catch (err) {
      await Promise.all(nodes.map((n) => n.process.stop()));
      throw err;
    }
    return new Devnet(chain, nodes);
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
