import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam } from '../../../../src/ml/optim/adam.js';
import { scheduledRate } from '../../../../src/ml/optim/schedule.js';
import { Sgd } from '../../../../src/ml/optim/sgd.js';
import { instantiateKernels } from '../../../../src/ml/kernels/wasm.js';
import { Arena } from '../../../../src/ml/tensor/arena.js';
import { Random } from '../../../../src/ml/tensor/random.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} != ${b}`);

function tensors(arena: Arena, ...values: number[][]) {
  return values.map((v) => {
    const t = arena.alloc(v.length);
    t.data.set(v);
    return t;
  });
}

describe('optimisers', () => {
  it('SGD with momentum and weight decay on weights only', () => {
    const arena = new Arena(instantiateKernels());
    const sgd = new Sgd(
      arena,
      [
        { offset: 0, length: 1, decay: true },
        { offset: 1, length: 5, decay: false },
      ],
      7,
      0.9,
      0.1,
    );
    const [params, grads] = tensors(arena, [1, 1, 1, 1, 1, 1, 1], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const p = params.data;
    sgd.step(params, grads, 0.1);
    close(p[0], 1 - 0.1 * 0.6);
    close(p[1], 1 - 0.1 * 0.5);
    close(p[5], 1 - 0.1 * 0.5);
    assert.equal(p[6], 1, 'outside every segment: untouched');
    sgd.step(params, grads, 0.1);
    close(p[1], 0.95 - 0.1 * (0.9 * 0.5 + 0.5));
    close(p[5], 0.95 - 0.1 * (0.9 * 0.5 + 0.5));
  });

  it('Adam: the first step moves each weight by the learning rate against its gradient sign', () => {
    const arena = new Arena(instantiateKernels());
    const adam = new Adam(arena, [{ offset: 0, length: 6, decay: false }], 6);
    const [params, grads] = tensors(arena, [1, 1, 1, 1, 1, 1], [3, -0.01, 3, -0.01, 1, -1]);
    adam.step(params, grads, 0.1);
    [0.9, 1.1, 0.9, 1.1, 0.9, 1.1].forEach((v, i) => close(params.data[i], v));
  });

  it('cosine schedule goes from the base rate to zero', () => {
    close(scheduledRate(2, 'cosine', 0), 2);
    close(scheduledRate(2, 'cosine', 0.5), 1);
    close(scheduledRate(2, 'cosine', 1), 0);
    close(scheduledRate(2, 'step', 0.8), 0.02);
  });
});

describe('Random', () => {
  it('is reproducible and shuffles into a permutation', () => {
    const [a, b] = [new Random(9), new Random(9)];
    assert.deepEqual([a.nextU32(), a.nextU32()], [b.nextU32(), b.nextU32()]);
    const perm = new Random(1).shuffle(Uint32Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(
      [...perm].sort((x, y) => x - y),
      Array.from({ length: 100 }, (_, i) => i),
    );
    assert.notDeepEqual(
      [...perm],
      Array.from({ length: 100 }, (_, i) => i),
    );
  });
});
