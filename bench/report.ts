// What one benchmark module returns: a titled section of docs/BENCHMARKS.md.
export interface BenchSection {
  title: string;
  /** Markdown body: a table and a line on what it measured and against which target. */
  body: string;
}

export type Bench = () => Promise<BenchSection>;

/** Runs fn repeatedly for at least `seconds` and returns the rate of `unitsPerCall` units per second. */
export async function ratePerSecond(fn: () => unknown, unitsPerCall = 1, seconds = 2): Promise<number> {
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    await fn();
    calls++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed < seconds);
  return (calls * unitsPerCall) / elapsed;
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
