// Length-prefixed frames (an unsigned varint length, then the bytes) on libp2p streams. The limit is applied to
// the length prefix, so an oversize frame is refused before its body is buffered or decoded.
import type { Stream } from '@libp2p/interface';
import * as lp from 'it-length-prefixed';
import { P2pError } from './errors.js';

export async function* readFrames(source: Stream['source'], maxBytes: number): AsyncGenerator<Uint8Array> {
  try {
    for await (const frame of lp.decode(bytesOf(source), { maxDataLength: maxBytes })) {
      const bytes = frame.subarray();
      // A plain Uint8Array view, not a Buffer: decoders' slices are then copies, and results compare as bytes.
      yield new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  } catch (err) {
    throw asFrameError(err, maxBytes);
  }
}

/** Reads exactly one frame and the end of the stream; anything else is malformed. */
export async function readOneFrame(source: Stream['source'], maxBytes: number): Promise<Uint8Array> {
  let only: Uint8Array | undefined;
  for await (const frame of readFrames(source, maxBytes)) {
    if (only !== undefined) throw new P2pError('malformed', 'more than one request frame');
    only = frame;
  }
  if (only === undefined) throw new P2pError('malformed', 'no request frame');
  return only;
}

export type Frames = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** Frames `frames` for a stream's sink; one over our own limit is a local bug, so it throws rather than sends. */
export async function* writeFrames(frames: Frames, maxBytes: number): AsyncGenerator<Uint8Array> {
  for await (const frame of frames) {
    if (frame.length > maxBytes) throw new RangeError(`a ${frame.length}-byte frame exceeds the limit ${maxBytes}`);
    yield* lp.encode.single(frame); // the varint prefix, then the frame itself (not copied)
  }
}

// libp2p 2.x streams carry uint8arraylist 2.x lists, it-length-prefixed 11 expects 3.x ones: hand it plain bytes.
async function* bytesOf(source: Stream['source']): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) yield chunk.subarray();
}

function asFrameError(err: unknown, maxBytes: number): unknown {
  if (!(err instanceof Error)) return err;
  switch (err.name) {
    case 'InvalidDataLengthError':
    case 'InvalidDataLengthLengthError':
      return new P2pError('oversize', `frame over the ${maxBytes}-byte limit`);
    case 'UnexpectedEOFError':
    case 'InvalidMessageLengthError':
      return new P2pError('malformed', `truncated frame: ${err.message}`);
    default:
      return err;
  }
}
