// `coinai model get <height|root> --out FILE`: downloads a block's model file from a running node (which fetches
// it from the network, its keepers first, when it keeps no copy) and writes it only once its root and size are the
// ones the block commits to. The id is a height, a model root or a block hash.
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { toHex } from '../../codec/hex.js';
import { modelRoot } from '../../ml/model/root.js';
import type { SearchJson } from '../../node/api/routes/search.js';
import type { BlockJson } from '../../node/api/views/block.js';
import { ApiClient, withApiOption } from '../api-client.js';
import { CliError, print } from '../output.js';

/** The height or block hash of the block whose model `id` names (the search maps a model root to its block). */
async function blockId(client: ApiClient, id: string): Promise<string> {
  if (/^[0-9]{1,15}$/.test(id)) return id;
  if (!/^[0-9a-fA-F]{64}$/.test(id))
    throw new CliError(`the id must be a height, a model root or a block hash (64 hex digits), not '${id}'`);
  const found = await client.get<SearchJson>(`/api/search?q=${id}`);
  if (found.kind !== 'block') throw new CliError(`${id} is a ${found.kind}, not a block or a model root`);
  return found.id;
}

export function register(program: Command): void {
  const model = program.command('model').description('models mined on a running node');
  withApiOption(model.command('get').description("download a block's model file, checked against its model root"))
    .argument('<id>', 'height, model root or block hash (64 hex digits)')
    .requiredOption('--out <file>', 'where to write the model file')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { api: string; out: string; json?: boolean }) => {
      const client = new ApiClient(opts.api);
      const block = await client.get<BlockJson>(`/api/blocks/${await blockId(client, id)}`);
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
