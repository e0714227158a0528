// Identity of a model's weights, for rejecting a sibling that copies an already seen model under another hash:
// SHA3-256 over every parameter as little-endian float32, in the model file's order.
import { sha3_256 } from '../crypto/hash.js';
import type { Model } from '../ml/model/model.js';

export function paramsDigest(model: Model): Uint8Array {
  const total = model.params.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(total * 4);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const p of model.params) for (let i = 0; i < p.length; i++, at += 4) view.setFloat32(at, p[i], true);
  return sha3_256(bytes);
}
