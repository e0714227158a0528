// SHA3 digests from node:crypto (native, far faster than pure-JS implementations).
import { createHash } from 'node:crypto';

export function sha3_256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha3-256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function sha3_512(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha3-512');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}
