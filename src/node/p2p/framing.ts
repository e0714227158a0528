// Length-prefixed frames (an unsigned varint length, then the bytes) on libp2p streams. The limit is applied to
// the length prefix, so an oversize frame is refused before its body is buffered or decoded.
import type { Stream } from '@libp2p/interface';
import * as lp from 'it-length-prefixed';
import { Writer } from '../../codec/writer.js';
import { P2pError } from './errors.js';

export async function* readFrames(source: Stream['source'], maxBytes: number): AsyncGenerator<Uint8Array> {
  // it-length-prefixed ends quietly when the stream stops right after a length prefix (no byte of its frame
  // left over to complain about): a prefix read and no frame after it is a truncated frame.
  let announced = false;
  const options = {
    maxDataLength: maxBytes,
    lengthDecoder: strictLength,
    onLength: () => (announced = true),
    onData: () => (announced = false),
  };
  try {
    for await (const frame of lp.decode(bytesOf(source), options)) {
      const bytes = frame.subarray();
      // A plain Uint8Array view, not a Buffer: decoders' slices are then copies, and results compare as bytes.
      yield new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    if (announced) throw new P2pError('malformed', 'truncated frame: the stream ends after its length prefix');
  } catch (err) {
    throw asFrameError(err, maxBytes);
  }
}

/**
 * Reads exactly one frame and the end of the stream; more is malformed. A stream that ends before any frame is a
 * requester gone before it asked (closed, or crashed: a killed process's socket closes cleanly), not a bad request.
 */
export async function readOneFrame(source: Stream['source'], maxBytes: number): Promise<Uint8Array> {
  let only: Uint8Array | undefined;
  for await (const frame of readFrames(source, maxBytes)) {
    if (only !== undefined) throw new P2pError('malformed', 'more than one request frame');
    only = frame;
  }
  if (only === undefined) throw new P2pError('failed', 'the stream ended before its request frame');
  return only;
}

export type Frames = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * Frames `frames` for a stream's sink, each behind `prefix` (a response's result byte) when one is given, neither
 * copied. A frame over our own limit is a local bug, so it throws rather than sends.
 */
export async function* writeFrames(frames: Frames, maxBytes: number, prefix?: Uint8Array): AsyncGenerator<Uint8Array> {
  for await (const frame of frames) {
    const length = frame.length + (prefix?.length ?? 0);
    if (length > maxBytes) throw new RangeError(`a ${length}-byte frame exceeds the limit ${maxBytes}`);
    yield new Writer().varint('length', length, 53).finish();
    if (prefix) yield prefix;
    yield frame;
  }
}

/**
 * The length prefix, strictly: a minimal unsigned LEB128 of at most 8 bytes. it-length-prefixed's own decoder
 * takes the value of a non-minimal varint and then consumes only the bytes its minimal form would have, so
 * `80 00` (0 written in two bytes) read as two empty frames, one per byte. A RangeError means "need more bytes"
 * to it-length-prefixed (it waits for them, up to 8, then reports the prefix too long: oversize).
 */
function strictLength(data: { readonly byteLength: number; get(index: number): number }): number {
  let value = 0;
  for (let i = 0; i < Math.min(data.byteLength, 8); i++) {
    const b = data.get(i);
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) {
      if (b === 0 && i > 0) throw new P2pError('malformed', 'non-minimal frame length prefix');
      strictLength.bytes = i + 1;
      return value;
    }
  }
  throw new RangeError('incomplete frame length prefix');
}
strictLength.bytes = 0;

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
