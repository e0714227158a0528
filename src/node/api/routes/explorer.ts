// GET / and GET /assets/:name: the explorer (src/explorer, built into dist/explorer by `npm run build`). The files
// are read once when the API starts and answered from memory, by exact name: a request never reaches the file
// system. The script and style sheet carry content hashes in their names and are cached for good; the page itself
// is revalidated every time, so a new build is seen at once.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { notFound } from '../errors.js';
import type { ApiRoute } from '../route.js';
import { object } from '../schema.js';

/** dist/explorer, from this file in src/ (run from source) or in dist/ (built) alike. */
export const EXPLORER_DIR = fileURLToPath(new URL('../../../../dist/explorer/', import.meta.url));

export interface ExplorerFiles {
  readonly index: Uint8Array;
  readonly assets: ReadonlyMap<string, { readonly bytes: Uint8Array; readonly type: string }>;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  wasm: 'application/wasm',
};

/** The page may load only its own script, style and worker (which compiles the evaluation kernels) and talk only to
 * its own node. */
const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The built explorer, or undefined where it was not built. */
export async function loadExplorer(dir = EXPLORER_DIR): Promise<ExplorerFiles | undefined> {
  const index = await readFile(`${dir}/index.html`).catch(() => undefined);
  if (!index) return undefined;
  const assets = new Map<string, { bytes: Uint8Array; type: string }>();
  for (const name of await readdir(`${dir}/assets`)) {
    const type = TYPES[name.split('.').pop()!];
    if (type) assets.set(name, { bytes: await readFile(`${dir}/assets/${name}`), type });
  }
  return { index, assets };
}

export function explorerRoutes(files: ExplorerFiles | undefined): ApiRoute[] {
  const page: ApiRoute = {
    method: 'GET',
    url: '/',
    summary: 'the explorer: blocks, transactions, addresses, the live threshold, the mempool',
    response: { type: 'string' },
    mediaType: 'text/html; charset=utf-8',
    handler(_input, reply) {
      if (!files) throw notFound('the explorer (this node was built without it: run npm run build)');
      void reply
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer');
      return Buffer.from(files.index);
    },
  };
  const asset: ApiRoute<{ name: string }> = {
    method: 'GET',
    url: '/assets/:name',
    summary: "the explorer's script, style sheet, evaluator worker and kernels, by content-hashed name",
    params: object({ name: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,80}$' } }),
    response: { type: 'string' },
    mediaType: 'application/octet-stream',
    handler({ params: { name } }, reply) {
      const found = files?.assets.get(name);
      if (!found) throw notFound(`asset ${name}`);
      void reply
        .type(found.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff');
      return Buffer.from(found.bytes);
    },
  };
  return [page, asset];
}
