// The explorer's first load: what a browser downloads on opening a node's page (index.html, the script, the style
// sheet), raw and gzip-compressed, built from the current sources. Target: under 300 KB gzip.
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
    return [f.replace(/-[A-Z0-9]+\./, '-[hash].'), bytes.length, gzipSync(bytes, { level: 9 }).length];
  });
  const total = rows.reduce((n, r) => n + (r[2] as number), 0);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return {
    title: 'Explorer: first load',
    body:
      table(
        ['file', 'bytes', 'gzip'],
        [...rows.map(([f, raw, gz]) => [f, kb(raw as number), kb(gz as number)]), ['**total**', '', kb(total)]],
      ) +
      `\n\nThe built page (\`scripts/build-explorer.mjs\`: esbuild, minified; uPlot for the chart, no UI library). ` +
      `Target: under ${kb(TARGET_GZIP_BYTES)} gzip — ${total < TARGET_GZIP_BYTES ? 'met' : 'MISSED'}.`,
  };
};
