// `npm run bench`: runs every benchmark module (or those named as arguments) and writes docs/BENCHMARKS.md with
// the machine and date. A partial run replaces only its own sections and keeps the others.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { loadWasmKernels } from '../src/io/wasm-files.js';
import type { Bench, BenchSection } from './report.js';

loadWasmKernels();

// name -> module exporting `bench: Bench`. Keep sorted.
const modules: Record<string, () => Promise<{ bench: Bench }>> = {
  // benches:begin
  attack: () => import('./attack.bench.js'),
  bitswap: () => import('./bitswap.bench.js'),
  chunks: () => import('./chunks.bench.js'),
  consensus: () => import('./consensus.bench.js'),
  eval: () => import('./eval.bench.js'),
  explorer: () => import('./explorer.bench.js'),
  flood: () => import('./flood.bench.js'),
  gossip: () => import('./gossip.bench.js'),
  grammar: () => import('./grammar.bench.js'),
  ledger: () => import('./ledger.bench.js'),
  mining: () => import('./mining.bench.js'),
  state: () => import('./state.bench.js'),
  storage: () => import('./storage.bench.js'),
  sync: () => import('./sync.bench.js'),
  train: () => import('./train.bench.js'),
  trainability: () => import('./trainability.bench.js'),
  // benches:end
};

// Names, then a bench's own options (`npm run bench -- mining --minutes 3`).
const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith('--'));
const only = firstFlag < 0 ? args : args.slice(0, firstFlag);
const sections: BenchSection[] = [];
for (const [name, load] of Object.entries(modules)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`== ${name}\n`);
  const section = await (await load()).bench();
  process.stdout.write(`${section.body}\n\n`);
  sections.push(section);
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${os.cpus().length} cores, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}.`,
  '',
].join('\n');
const FILE = 'docs/BENCHMARKS.md';
const render = (t: string, body: string) => `\n## ${t}\n\n${body}\n`;
// Sections of the existing file, by title, in file order (a partial run keeps those it did not measure).
const kept = new Map<string, string>();
if (only.length > 0 && existsSync(FILE)) {
  for (const part of readFileSync(FILE, 'utf8').split(/^## /m).slice(1)) {
    const title = part.slice(0, part.indexOf('\n'));
    kept.set(title, part.slice(title.length).trim());
  }
}
for (const s of sections) kept.set(s.title, s.body);
writeFileSync(FILE, header + [...kept].map(([t, body]) => render(t, body)).join(''));
process.stdout.write(`wrote ${FILE}\n`);
