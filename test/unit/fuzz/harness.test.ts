// The fuzz harness itself (test/fuzz/, run by `npm run fuzz`, not by npm test): the oracle tells a rejection from a
// failure, every target's seeds are accepted as they stand, and a run's inputs follow from its seed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DecodeError } from '../../../src/codec/errors.js';
import { InputSource, judge, type Target } from '../../fuzz/harness.js';
import { inputSeed, Rng } from '../../fuzz/mutate.js';
import { TARGETS } from '../../fuzz/targets/index.js';

const fake = (decode: (b: Uint8Array) => unknown, more: Partial<Target<any>> = {}): Target<any> => ({
  name: 'fake',
  about: 'a test decoder',
  seeds: () => [Uint8Array.of(1, 2, 3)],
  decode,
  isRejection: (err) => err instanceof DecodeError,
  ...more,
});

describe('the oracle', () => {
  test('the typed error is a rejection; any other exception is a failure', async () => {
    const typed = await judge(
      fake(() => {
        throw new DecodeError('x', 'bad');
      }),
      Uint8Array.of(1),
      1000,
    );
    assert.equal(typed.kind, 'rejected');
    const other = await judge(
      fake((b) => (b as any).nope.nope),
      Uint8Array.of(1),
      1000,
    );
    assert.equal(other.kind, 'failure');
    assert.match(other.kind === 'failure' ? other.why : '', /threw TypeError/);
    const async = await judge(
      fake(async () => {
        throw new RangeError('deep');
      }),
      Uint8Array.of(1),
      1000,
    );
    assert.equal(async.kind, 'failure');
  });

  test('an accepted input must re-encode to itself and pass the checks', async () => {
    const canonical = fake((b) => b, { encode: (v: Uint8Array) => v });
    assert.equal((await judge(canonical, Uint8Array.of(1, 2), 1000)).kind, 'accepted');
    const lossy = fake((b) => b, { encode: (v: Uint8Array) => v.subarray(1) });
    assert.match(JSON.stringify(await judge(lossy, Uint8Array.of(1, 2), 1000)), /non-canonical/);
    const checked = fake((b) => b, { check: () => 'it is wrong' });
    assert.match(JSON.stringify(await judge(checked, Uint8Array.of(1), 1000)), /accepted, but it is wrong/);
  });

  test('a value or an allocation out of proportion to the input, or a slow decode, is a failure', async () => {
    const big = await judge(
      fake(() => new Array(1 << 18).fill('x')),
      Uint8Array.of(1),
      1000,
    );
    assert.match(big.kind === 'failure' ? big.why : '', /the decoded value takes about/);
    const garbage = await judge(
      fake(() => {
        new Uint8Array(64 << 20).fill(1);
        throw new DecodeError('x', 'bad');
      }),
      Uint8Array.of(1),
      1000,
    );
    assert.match(garbage.kind === 'failure' ? garbage.why : '', /decoding allocated/);
    const slow = await judge(
      fake(() => {
        const end = performance.now() + 30;
        while (performance.now() < end);
      }),
      Uint8Array.of(1),
      10,
    );
    assert.match(slow.kind === 'failure' ? slow.why : '', /over the 10 ms limit/);
  });
});

describe('the targets', () => {
  for (const target of TARGETS) {
    test(`${target.name}: every seed is accepted`, async () => {
      for (const seed of target.seeds()) {
        const v = await judge(target, seed, 5000);
        assert.equal(v.kind, 'accepted', `${target.name}: ${JSON.stringify(v)}`);
      }
    });
  }

  test('the inputs of a run follow from its seed', () => {
    const target = TARGETS.find((t) => t.name === 'block')!;
    const inputs = (seed: number) => {
      const source = new InputSource(target, target.seeds());
      return Array.from({ length: 200 }, (_, i) =>
        Buffer.from(source.next(i, new Rng(inputSeed(seed, i)))).toString('hex'),
      );
    };
    assert.deepEqual(inputs(7), inputs(7));
    assert.notDeepEqual(inputs(7), inputs(8));
  });
});
