// POST /api/objects: stores the body's bytes (a data pack or a grammar file, application/octet-stream) as an object
// of the node's data store, streamed to disk, and answers its root and size, for a proposal to name (docs/NETWORK.md,
// "Uploads"). Bounded by the node's upload limits (src/node/models/uploads.ts): refused with 413 before a byte is
// read when the declared length does not fit, else as soon as what arrives does not, nothing stored either way.
import type { Readable } from 'node:stream';
import { toHex } from '../../../codec/hex.js';
import { ObjectStoreError } from '../../models/object-store.js';
import { UploadError } from '../../models/uploads.js';
import { ApiError } from '../errors.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { HASH, object, UINT } from '../schema.js';

export const UPLOAD_MEDIA_TYPE = 'application/octet-stream';

export function objectRoutes(node: NodeApi): ApiRoute[] {
  const upload: ApiRoute<unknown, unknown, Readable> = {
    method: 'POST',
    url: '/api/objects',
    summary:
      'store an object (a data pack or a grammar file, the raw bytes) for a proposal to name; kept while a ' +
      'proposal names it, deleted when none does within the node’s upload window',
    upload: UPLOAD_MEDIA_TYPE,
    rateLimited: true,
    response: object({ root: { ...HASH, description: 'its segment root' }, size: { ...UINT, minimum: 1 } }),
    async handler({ body, headers }, reply) {
      // Node's parser has checked the header's digits; the body cannot outrun it.
      const length = Number(headers['content-length']);
      const declared = Number.isSafeInteger(length) ? length : undefined;
      try {
        const { root, size } = await node.uploadObject(body, declared);
        return { root: toHex(root), size };
      } catch (err) {
        if (err instanceof UploadError) {
          // The rest of the body is not read: the connection goes with the answer.
          void reply.header('connection', 'close');
          throw new ApiError(413, err.detail ?? err.code, err.code);
        }
        if (err instanceof ObjectStoreError) throw new ApiError(400, err.detail ?? err.code, err.code);
        throw err;
      }
    },
  };
  return [upload];
}
