// GET /api/models/:root: the model file (docs/PROTOCOL.md, section 4.2) whose Merkle root a block commits to, and
// GET /api/models/:root/onnx: the same model exported to ONNX (what `coinai export` writes).
import { fromHex } from '../../../codec/hex.js';
import { modelToOnnx } from '../../../ml/export/onnx.js';
import { decodeModel } from '../../../ml/model/codec.js';
import { notFound } from '../errors.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { hashParam, object } from '../schema.js';

export function modelRoutes(node: NodeApi): ApiRoute[] {
  const get: ApiRoute<{ root: string }> = {
    method: 'GET',
    url: '/api/models/:root',
    summary: "a model file by its Merkle root (a block's modelRoot), as bytes",
    params: object({ root: hashParam('model root') }),
    response: { type: 'string', format: 'binary' },
    mediaType: 'application/octet-stream',
    async handler({ params: { root } }) {
      const file = await node.modelFile(fromHex('root', root));
      if (!file) throw notFound(`model ${root}`);
      return Buffer.from(file.buffer, file.byteOffset, file.byteLength);
    },
  };
  const onnx: ApiRoute<{ root: string }> = {
    method: 'GET',
    url: '/api/models/:root/onnx',
    summary: 'a model file by its Merkle root, exported to ONNX (opset 13)',
    params: object({ root: hashParam('model root') }),
    response: { type: 'string', format: 'binary' },
    mediaType: 'application/octet-stream',
    // Decoding and exporting megabytes of weights: a client asking in a loop takes tokens like a submission.
    rateLimited: true,
    async handler({ params: { root } }) {
      const file = await node.modelFile(fromHex('root', root));
      if (!file) throw notFound(`model ${root}`);
      return Buffer.from(modelToOnnx(decodeModel(file)));
    },
  };
  return [get, onnx];
}
