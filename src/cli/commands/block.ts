// `coinai block get <height|hash>`: a block from a running node, with its transactions and architecture.
import type { Command } from 'commander';
import type { BlockJson } from '../../node/api/views/block.js';
import { ApiClient, withApiOption } from '../api-client.js';
import { print } from '../output.js';

function render(b: BlockJson): string {
  const arch = b.architecture;
  return [
    `block    ${b.height} ${b.hash}${b.mainChain ? '' : ' (side branch)'}`,
    `parent   ${b.parentHash}`,
    `time     ${new Date(b.timestamp * 1000).toISOString()}`,
    `miner    ${b.miner}`,
    `score    ${b.score.correct}/${b.score.total} (${(b.score.bp / 100).toFixed(2)}%)`,
    `model    ${b.modelRoot} (${b.modelSize} bytes)`,
    ...(arch
      ? [
          `arch     ${arch.phenotype}`,
          `         input ${arch.input}, ${arch.classes} classes, ${arch.params} parameters`,
          ...arch.layers.map((l, i) => `  ${String(i + 1).padStart(2)}  ${l.summary.padEnd(40)} -> ${l.output}`),
        ]
      : []),
    `txs      ${b.txs.length}`,
    ...b.txs.map((t) => `  ${t.hash}  ${t.from} -> ${t.to}  ${t.amount} (fee ${t.fee}, nonce ${t.nonce})`),
  ].join('\n');
}

export function register(program: Command): void {
  const block = program.command('block').description('blocks of a running node');
  withApiOption(block.command('get').description('a block by height or hash, with its transactions and architecture'))
    .argument('<id>', 'height or block hash (64 hex digits)')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { api: string; json?: boolean }) => {
      const found = await new ApiClient(opts.api).get<BlockJson>(`/api/blocks/${encodeURIComponent(id)}`);
      print(opts.json, found, render);
    });
}
