// `coinai model get <height|hash> --out FILE`: downloads a block's model file from a running node and writes it
// only once its Merkle root and size are the ones the block commits to.
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { toHex } from '../../codec/hex.js';
import { modelRoot } from '../../ml/model/root.js';
import type { BlockJson } from '../../node/api/views/block.js';
import { ApiClient, withApiOption } from '../api-client.js';
import { CliError, print } from '../output.js';

export function register(program: Command): void {
  const model = program.command('model').description('models mined on a running node');
  withApiOption(model.command('get').description("download a block's model file, checked against its model root"))
    .argument('<id>', 'height or block hash (64 hex digits)')
    .requiredOption('--out <file>', 'where to write the model file')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { api: string; out: string; json?: boolean }) => {
      const client = new ApiClient(opts.api);
      const block = await client.get<BlockJson>(`/api/blocks/${encodeURIComponent(id)}`);
      if (block.modelSize === 0) throw new CliError(`block ${block.height} has no model`);
      const bytes = await client.bytes(`/api/models/${block.modelRoot}`);
      // The size first: the root of an empty reply is not defined.
      const root = bytes.length === block.modelSize ? toHex(modelRoot(bytes)) : '(not computed)';
      if (root !== block.modelRoot) {
        throw new CliError(
          `the node sent ${bytes.length} bytes with root ${root}, ` +
            `not block ${block.height}'s model (${block.modelSize} bytes, root ${block.modelRoot})`,
        );
      }
      await writeFile(opts.out, bytes);
      const done = { file: opts.out, height: block.height, modelRoot: root, bytes: bytes.length };
      print(
        opts.json,
        done,
        (d) => `wrote ${d.file}: the model of block ${d.height} (${d.bytes} bytes, root ${d.modelRoot})`,
      );
    });
}
