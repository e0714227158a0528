// The keystore password: from COINAI_PASSWORD (scripts, CI) or typed at a terminal without echo.
import { KeystoreError } from './keystore.js';

export const PASSWORD_ENV = 'COINAI_PASSWORD';

/** With `isNew`, the password seals a new key: it must not be empty and, typed, is asked twice. */
export async function readPassword(prompt = 'Password: ', isNew = false): Promise<string> {
  const fromEnv = process.env[PASSWORD_ENV];
  let password: string;
  if (fromEnv !== undefined) password = fromEnv;
  else if (!process.stdin.isTTY) throw new KeystoreError(`no password: set ${PASSWORD_ENV} or run in a terminal`);
  else {
    password = await promptHidden(prompt);
    if (isNew && (await promptHidden('Repeat password: ')) !== password) throw new KeystoreError('passwords differ');
  }
  if (isNew && password === '') throw new KeystoreError('an empty password would leave the key unprotected');
  return password;
}

function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(text);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new KeystoreError('cancelled'));
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on('data', onData);
  });
}
