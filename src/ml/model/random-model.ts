// A model with seeded uniform Glorot-scaled weights: for test vectors, tests and benchmarks, where a
// trained model is not needed (logits still spread, so argmax is meaningful).
import { paramSpecs, type Architecture } from '../../arch/ir.js';
import { Random } from '../tensor/random.js';
import { GRAMMAR_ID_BYTES, type Model } from './model.js';

export function randomModel(arch: Architecture, seed: number): Model {
  const rng = new Random(seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rng.float();
  const params = paramSpecs(arch).map((spec) => {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const p = new Float32Array(n);
    const [out, ...rest] = spec.shape;
    const limit = Math.sqrt(6 / (rest.reduce((a, b) => a * b, 1) + out));
    for (let i = 0; i < n; i++) {
      p[i] =
        spec.name === 'weight'
          ? uniform(-limit, limit)
          : spec.name === 'gamma'
            ? uniform(0.8, 1.2)
            : spec.name === 'variance'
              ? uniform(0.5, 1.5)
              : uniform(-0.1, 0.1); // bias, beta, mean
    }
    return p;
  });
  return { grammarId: new Uint8Array(GRAMMAR_ID_BYTES), phenotype: '', arch, params };
}
