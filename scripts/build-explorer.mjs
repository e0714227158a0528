// Bundles the explorer (src/explorer) for the browser into dist/explorer: index.html, and under assets/ the script
// and style sheet with content hashes in their names (served as immutable; index.html names the current ones).
// Everything the page uses is in the bundle: the node serves it offline, with no CDN. `npm run build` runs this;
// so does the explorer's e2e test, so that it always drives the current sources.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/explorer`;

/** Builds dist/explorer; resolves to the asset file names and bytes. */
export async function buildExplorer() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(`${out}/assets`, { recursive: true });
  const result = await build({
    entryPoints: [`${root}src/explorer/main.ts`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    entryNames: 'app-[hash]',
    outdir: `${out}/assets`,
    metafile: true,
    logLevel: 'warning',
  });
  const assets = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = assets.find((a) => a.endsWith('.js'));
  const css = assets.find((a) => a.endsWith('.css'));
  const html = readFileSync(`${root}src/explorer/index.html`, 'utf8')
    .replace('%APP_JS%', `/assets/${js}`)
    .replace('%APP_CSS%', `/assets/${css}`);
  writeFileSync(`${out}/index.html`, html);
  return { js, css };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildExplorer();
