// Bundles the explorer (src/explorer) for the browser into dist/explorer: index.html, and under assets/ the page's
// script and style sheet, the evaluator's worker and the evaluation kernels (dist/ml/eval/eval-kernels.wasm, which
// `npm run build:wasm` writes first), each with a content hash in its name (served as immutable; index.html names
// the current ones). Everything the page uses is here: the node serves it offline, with no CDN. `npm run build`
// runs this; so does the explorer's e2e test, so that it always drives the current sources.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/explorer`;

/** Builds dist/explorer; resolves to the asset file names and bytes. */
export async function buildExplorer() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(`${out}/assets`, { recursive: true });
  const result = await build({
    entryPoints: [`${root}src/explorer/main.ts`, `${root}src/explorer/eval-worker.ts`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    entryNames: '[name]-[hash]',
    outdir: `${out}/assets`,
    metafile: true,
    logLevel: 'warning',
  });
  const assets = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const kernels = `${root}dist/ml/eval/eval-kernels.wasm`;
  if (!existsSync(kernels)) throw new Error(`${kernels} is missing: run npm run build:wasm first`);
  const wasm = readFileSync(kernels);
  const wasmName = `eval-kernels-${createHash('sha256').update(wasm).digest('hex').slice(0, 8).toUpperCase()}.wasm`;
  writeFileSync(`${out}/assets/${wasmName}`, wasm);
  const names = {
    '%APP_JS%': assets.find((a) => /^main-.*\.js$/.test(a)),
    '%APP_CSS%': assets.find((a) => a.endsWith('.css')),
    '%WORKER_JS%': assets.find((a) => a.startsWith('eval-worker-')),
    '%EVAL_WASM%': wasmName,
  };
  let html = readFileSync(`${root}src/explorer/index.html`, 'utf8');
  for (const [mark, name] of Object.entries(names)) html = html.replace(mark, `/assets/${name}`);
  writeFileSync(`${out}/index.html`, html);
  return names;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildExplorer();
