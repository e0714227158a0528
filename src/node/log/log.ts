// The node's log: pino JSON lines, to a file when one is given (created with its folder), else to stderr, so that
// stdout stays for what the command prints.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino, type Level, type Logger } from 'pino';

export function nodeLogger(file: string | undefined, level: Level = 'info'): Logger {
  if (file) mkdirSync(dirname(file), { recursive: true });
  const destination = pino.destination({ dest: file ?? 2, sync: true, append: true });
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
