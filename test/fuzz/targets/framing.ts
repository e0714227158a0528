// Length-prefixed frames off a libp2p stream (src/node/p2p/framing.ts). The first input byte is not stream data:
// it says how the rest arrives (its low 4 bits: chunks of 1..15 bytes, or 0: all at once) and which reader
// runs (bit 7: readOneFrame, as a responder reads a request; else readFrames, as a requester reads responses).
import { concatBytes } from '../../../src/codec/bytes.js';
import { P2pError } from '../../../src/node/p2p/errors.js';
import { readFrames, readOneFrame } from '../../../src/node/p2p/framing.js';
import type { Target } from '../harness.js';
import type { Stream } from '@libp2p/interface';
import * as lp from 'it-length-prefixed';

/** A small limit, so that oversize prefixes are common. */
const MAX_FRAME = 200;

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  if (size === 0) {
    if (bytes.length > 0) yield bytes;
    return;
  }
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function decode(input: Uint8Array): Promise<Uint8Array[]> {
  const control = input[0] ?? 0;
  const source = chunked(input.subarray(1), control & 0x0f) as unknown as Stream['source'];
  if (control & 0x80) return [await readOneFrame(source, MAX_FRAME)];
  const frames: Uint8Array[] = [];
  for await (const frame of readFrames(source, MAX_FRAME)) frames.push(frame);
  return frames;
}

function framed(control: number, frames: Uint8Array[]): Uint8Array {
  return concatBytes([Uint8Array.of(control), ...frames.map((f) => lp.encode.single(f).subarray())]);
}

const frame = (n: number, b: number) => new Uint8Array(n).fill(b);

export const framingTarget: Target<Uint8Array[]> = {
  name: 'framing',
  about: `readFrames / readOneFrame (src/node/p2p/framing.ts) over a chunked stream, ${MAX_FRAME}-byte frame limit`,
  seeds: () => [
    framed(0x00, [frame(5, 1)]),
    framed(0x03, [frame(0, 0), frame(130, 2), frame(MAX_FRAME, 3)]),
    framed(0x01, [frame(1, 4), frame(2, 5), frame(127, 6), frame(128, 7)]),
    framed(0x80, [frame(40, 8)]),
    framed(0x87, [frame(MAX_FRAME, 9)]),
  ],
  decode,
  // 'failed': a stream that ends before its request frame (what a crashed requester leaves; nobody's fault).
  isRejection: (err) =>
    err instanceof P2pError && (err.code === 'malformed' || err.code === 'oversize' || err.code === 'failed'),
  check: (frames, input) => {
    const big = frames.find((f) => f.length > MAX_FRAME);
    if (big) return `a ${big.length}-byte frame passed the ${MAX_FRAME}-byte limit`;
    const total = frames.reduce((n, f) => n + f.length, 0);
    if (total > input.length) return `${total} frame bytes out of a ${input.length - 1}-byte stream`;
    if (input[0] & 0x80 && frames.length !== 1) return `readOneFrame gave ${frames.length} frames`;
    // Canonical framing: the frames, framed again with minimal prefixes, are the stream.
    const again = input.length === 0 ? input : framed(input[0], frames);
    if (again.length !== input.length || again.some((b, i) => b !== input[i]))
      return 'the frames re-frame to other bytes';
    return undefined;
  },
  maxInputBytes: 2048,
};
