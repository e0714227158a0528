// `npm run bench`: runs every benchmark module (or those named as arguments) and writes
// docs/BENCHMARKS.md with the machine and date.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { Bench, BenchSection } from './report.js';

// name -> module exporting `bench: Bench`. Keep sorted.
const modules: Record<string, () => Promise<{ bench: Bench }>> = {
  // benches:begin
  consensus: () => import('./consensus.bench.js'),
  eval: () => import('./eval.bench.js'),
  gossip: () => import('./gossip.bench.js'),
  grammar: () => import('./grammar.bench.js'),
  ledger: () => import('./ledger.bench.js'),
  sync: () => import('./sync.bench.js'),
  train: () => import('./train.bench.js'),
  // benches:end
};

const only = process.argv.slice(2);
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
if (only.length === 0) {
  writeFileSync('docs/BENCHMARKS.md', header + sections.map((s) => `\n## ${s.title}\n\n${s.body}\n`).join(''));
  process.stdout.write('wrote docs/BENCHMARKS.md\n');
}
