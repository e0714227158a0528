// The explorer's first load: what a browser downloads on opening a node's page (index.html, the page's script and
// style sheet), raw and gzip-compressed, built from the current sources; and what "try the model" and "verify it
// yourself" fetch on first use (the evaluator's worker and kernels). Target: first load under 300 KB gzip.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { table, type Bench } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_GZIP_BYTES = 300 * 1024;

export const bench: Bench = async () => {
  const built = spawnSync(process.execPath, [`${ROOT}scripts/build-explorer.mjs`], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the explorer did not build');
  const dir = `${ROOT}dist/explorer`;
  const files = ['index.html', ...readdirSync(`${dir}/assets`).map((a) => `assets/${a}`)];
  const rows = files.map((f) => {
    const bytes = readFileSync(`${dir}/${f}`);
    const first = f === 'index.html' || f.startsWith('assets/main-');
    return { name: f.replace(/-[A-Z0-9]+\./, '-[hash].'), first, raw: bytes.length, gz: gzipSync(bytes).length };
  });
  const total = rows.filter((r) => r.first).reduce((n, r) => n + r.gz, 0);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return {
    title: 'Explorer: first load',
    body:
      table(
        ['file', 'when', 'bytes', 'gzip'],
        [
          ...rows.map((r) => [r.name, r.first ? 'first load' : 'on first use', kb(r.raw), kb(r.gz)]),
          ['**first load**', '', '', kb(total)],
        ],
      ) +
      `\n\nThe built page (\`scripts/build-explorer.mjs\`: esbuild, minified; uPlot for the chart, no UI library; ` +
      'the worker is src/ml/eval bundled, the kernels the .wasm nodes run). Gzip at its default level, as a ' +
      'compressing proxy would send them; the node itself sends them as they are. ' +
      `Target: under ${kb(TARGET_GZIP_BYTES)} gzip — ${total < TARGET_GZIP_BYTES ? 'met' : 'MISSED'}.`,
  };
};
