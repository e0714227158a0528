// Fetches a block's model file from a peer, chunk by chunk (64 KiB, the model root's leaves), each chunk checked
// against the header's model root before it is kept. The header's size, itself capped by the problem's limit,
// bounds what is fetched, so a peer cannot make us download more than a valid block's model.
import { CodedError } from '../../base/coded-error.js';
import { BlockError } from '../../chain/errors.js';
import type { BlockHeader } from '../../chain/header.js';
import { merkleVerify } from '../../crypto/merkle.js';
import { MODEL_CHUNK_BYTES } from '../../ml/model/root.js';
import type { ModelChunk } from '../p2p/chunk.js';
import type { Network } from '../p2p/network.js';

/** The peer announced a block but does not hold its model. */
export class ModelUnavailable extends CodedError<'model-unavailable'> {
  constructor(message: string) {
    super('model-unavailable', message, message);
  }
}

export async function fetchModel(
  network: Network,
  peer: string,
  header: BlockHeader,
  maxBytes: number,
): Promise<Uint8Array> {
  const { modelRoot: root, modelSize: size } = header;
  if (size > maxBytes) throw new BlockError('model-too-large', `${size} bytes, the problem allows ${maxBytes}`);
  if (size === 0) throw new BlockError('model-size-mismatch', 'the header claims an empty model file');
  const count = Math.ceil(size / MODEL_CHUNK_BYTES);
  const file = new Uint8Array(size);
  for (let index = 0; index < count; index++) {
    const expected = Math.min(MODEL_CHUNK_BYTES, size - index * MODEL_CHUNK_BYTES);
    const verify = (c: ModelChunk) =>
      c.data.length === expected && merkleVerify(root, c.data, { index, count, siblings: [...c.proof] });
    const chunk = await network.requestChunk(peer, root, index, verify);
    if (!chunk) throw new ModelUnavailable(`${peer} does not hold chunk ${index} of the model it announced`);
    file.set(chunk.data, index * MODEL_CHUNK_BYTES);
  }
  return file;
}
