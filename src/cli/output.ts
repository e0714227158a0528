// Shared CLI plumbing: every command prints data as text or, with --json, as one JSON document,
// and every failure is one clear line on stderr with a non-zero exit.
import { CodedError } from '../base/coded-error.js';
import { Command, CommanderError } from 'commander';

/** Thrown for a user error that needs no stack trace. */
export class CliError extends CodedError<'cli'> {
  constructor(message: string) {
    super('cli', message, message);
  }
}

/** JSON.stringify that prints bigints as decimal strings and Uint8Arrays as hex. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v),
    2,
  );
}

/** Prints `data` as JSON when --json was given, else the text `render` makes of it. */
export function print<T>(json: boolean | undefined, data: T, render: (d: T) => string): void {
  process.stdout.write((json ? toJson(data) : render(data)) + '\n');
}

export async function runMain(program: Command): Promise<void> {
  program.exitOverride();
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${msg}\n`);
    if (process.env.COINAI_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  }
}
