// Frames off a stream (src/node/p2p/framing.ts), fed as a peer could chunk them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Stream } from '@libp2p/interface';
import { P2pError } from '../../../../src/node/p2p/errors.js';
import { readFrames, readOneFrame, writeFrames } from '../../../../src/node/p2p/framing.js';

function source(bytes: number[], chunk = 1): Stream['source'] {
  return (async function* () {
    for (let at = 0; at < bytes.length; at += chunk) yield Uint8Array.from(bytes.slice(at, at + chunk));
  })() as unknown as Stream['source'];
}

async function frames(bytes: number[], max = 1000, chunk = 1): Promise<number[][]> {
  const out: number[][] = [];
  for await (const f of readFrames(source(bytes, chunk), max)) out.push([...f]);
  return out;
}

const code = (c: string) => (err: unknown) => err instanceof P2pError && err.code === c;

test('frames split across chunks, one at a time or all at once', async () => {
  const bytes = [0, 3, 1, 2, 3, 0x80, 0x01, ...new Array(128).fill(9)];
  for (const chunk of [1, 2, 5, bytes.length]) {
    assert.deepEqual(await frames(bytes, 1000, chunk), [[], [1, 2, 3], new Array(128).fill(9)]);
  }
  assert.deepEqual([...(await readOneFrame(source([2, 7, 8]), 10))], [7, 8]);
});

test('a non-minimal length prefix is malformed, not re-read as extra frames', async () => {
  // Found by the framing fuzz target: it-length-prefixed read `80 00` (0 in two bytes) as two empty frames and
  // `80 80 80 00` as four, taking the value and then consuming only the minimal form's bytes.
  for (const bytes of [
    [0x80, 0x00],
    [0x80, 0x80, 0x80, 0x00],
    [0x85, 0x00, 1, 2, 3, 4, 5],
  ]) {
    await assert.rejects(frames(bytes), code('malformed'));
    await assert.rejects(readOneFrame(source(bytes, bytes.length), 1000), code('malformed'));
  }
});

test('a stream that ends right after a length prefix is a truncated frame, not a clean end', async () => {
  // Found by the framing fuzz target: it-length-prefixed ended without error when no byte of the last frame
  // had arrived (01 00 | 01 gave one frame).
  await assert.rejects(frames([1, 0, 1]), code('malformed'));
  await assert.rejects(frames([1, 0, 1], 1000, 3), code('malformed'));
  await assert.rejects(readOneFrame(source([5]), 10), code('malformed'));
  assert.deepEqual(await frames([1, 0, 0]), [[0], []]);
});

test('an oversize or over-long prefix is oversize, a truncated frame malformed', async () => {
  await assert.rejects(frames([0x80, 0x08], 1000), code('oversize'));
  await assert.rejects(frames(new Array(9).fill(0x80).concat([1])), code('oversize'));
  await assert.rejects(frames([5, 1, 2]), code('malformed'));
  await assert.rejects(frames([0x80]), code('malformed'));
  await assert.rejects(readOneFrame(source([1, 1, 1, 1]), 10), code('malformed'));
});

test('a result byte is framed before each payload, which is sent as it is, not copied', async () => {
  const payloads = [Uint8Array.of(7, 8, 9), new Uint8Array(200).fill(1)];
  const parts: Uint8Array[] = [];
  for await (const part of writeFrames(payloads, 201, Uint8Array.of(0))) parts.push(part);
  assert.ok(parts.includes(payloads[1]), 'the payload itself goes to the stream');
  const bytes = parts.flatMap((p) => [...p]);
  assert.deepEqual(await frames(bytes), [
    [0, 7, 8, 9],
    [0, ...payloads[1]],
  ]);
  await assert.rejects(async () => {
    for await (const _ of writeFrames(payloads, 200, Uint8Array.of(0)));
  }, RangeError);
});
