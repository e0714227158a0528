// Runs the CLI from source, as a user would run the built bin, and captures its output.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `env` adds to this process's environment; a variable set to undefined is removed. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, input = ''): CliResult {
  const merged = { ...process.env, ...env };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: merged, input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
