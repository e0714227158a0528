// GET /api/models/:root: the model file (docs/PROTOCOL.md, section 4.2) whose Merkle root a block commits to, and
// GET /api/models/:root/onnx: the same model exported to ONNX (what `coinai export` writes).
import { fromHex } from '../../../codec/hex.js';
import { modelToOnnx } from '../../../ml/export/onnx.js';
import { decodeModel } from '../../../ml/model/codec.js';
import { notFound } from '../errors.js';
import type { NodeApi } from '../node-api.js';
import type { ApiRoute } from '../route.js';
import { hashParam, object } from '../schema.js';

/** A route answering bytes made from the model file of the root in its path. */
function modelRoute(
  node: NodeApi,
  route: Pick<ApiRoute, 'url' | 'summary' | 'rateLimited'>,
  answer: (file: Uint8Array) => Uint8Array,
): ApiRoute<{ root: string }> {
  return {
    ...route,
    method: 'GET',
    params: object({ root: hashParam('model root') }),
    response: { type: 'string', format: 'binary' },
    mediaType: 'application/octet-stream',
    async handler({ params: { root } }) {
      const file = await node.modelFile(fromHex('root', root));
      if (!file) throw notFound(`model ${root}`);
      const out = answer(file);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}

export function modelRoutes(node: NodeApi): ApiRoute[] {
  return [
    modelRoute(
      node,
      { url: '/api/models/:root', summary: "a model file by its Merkle root (a block's modelRoot), as bytes" },
      (file) => file,
    ),
    modelRoute(
      node,
      {
        url: '/api/models/:root/onnx',
        summary: 'a model file by its Merkle root, exported to ONNX (opset 13)',
        // Decoding and exporting megabytes of weights: a client asking in a loop takes tokens like a submission.
        rateLimited: true,
      },
      (file) => modelToOnnx(decodeModel(file)),
    ),
  ];
}
