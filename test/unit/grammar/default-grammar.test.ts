import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { architectureCost } from '../../../src/arch/cost.js';
import { inferShapes, paramSpecs, shapeChannels, shapeSize, type Layer, type Shape } from '../../../src/arch/ir.js';
import { phenotypeToArchitecture } from '../../../src/arch/semantics.js';
import { sha3_512 } from '../../../src/crypto/hash.js';
import { countDerivations, isSurjective } from '../../../src/grammar/count.js';
import { deriveTerminals } from '../../../src/grammar/derive.js';
import { loadGrammar } from '../../../src/io/grammar-file.js';
import { compileReferenceForward } from '../../../src/ml/eval/reference.js';
import { randomModel } from '../../../src/ml/model/random-model.js';
import { countParses } from './helpers.js';

const { grammar } = loadGrammar();
const hashes = Array.from({ length: 10_000 }, (_, i) => sha3_512(Buffer.from(`random hash ${i}`)));

// Parameters counted layer by layer from the shapes, independently of paramSpecs: conv2d and dense have a weight
// per input per output plus a bias per output, batch norm four per channel, the rest none.
function layerParams(layers: readonly Layer[], shapes: readonly Shape[]): number {
  return layers.reduce((n, layer, i) => {
    const input = shapes[i];
    switch (layer.type) {
      case 'conv2d':
        return n + layer.filters * (shapeChannels(input) * layer.kernel * layer.kernel + 1);
      case 'dense':
        return n + layer.units * (shapeSize(input) + 1);
      case 'batchNorm':
        return n + 4 * shapeChannels(input);
      default:
        return n;
    }
  }, 0);
}

describe('default grammar', () => {
  test('has at least 10^6 phenotypes, every one reached by a hash', () => {
    assert.equal(countDerivations(grammar), 25596611955648607813632000000n);
    assert.ok(isSurjective(grammar));
  });

  test('every derived architecture builds for 28x28x1/10, 8x8x1/10 and flat 30/2', () => {
    const targets: [Shape, number][] = [
      [{ kind: 'image', h: 28, w: 28, c: 1 }, 10],
      [{ kind: 'image', h: 8, w: 8, c: 1 }, 10],
      [{ kind: 'flat', n: 30 }, 2],
    ];
    hashes.forEach((hash, h) => {
      const terminals = deriveTerminals(grammar, hash);
      for (const [input, classes] of targets) {
        const what = `hash ${h} on ${JSON.stringify(input)}/${classes}`;
        const arch = phenotypeToArchitecture(terminals, input, classes);
        assert.deepEqual(arch.input, input, what);
        assert.equal(arch.classes, classes, what);
        const shapes = inferShapes(arch);
        assert.equal(shapes.length, arch.layers.length + 1, what);
        for (const s of shapes)
          assert.ok(Number.isInteger(shapeSize(s)) && shapeSize(s) >= 1, `${what}: shape ${JSON.stringify(s)}`);
        assert.deepEqual(shapes[shapes.length - 1], { kind: 'flat', n: classes }, `${what}: ends in the logits`);
        assert.deepEqual(arch.layers[arch.layers.length - 1], { type: 'dense', units: classes }, `${what}: last layer`);
        const cost = architectureCost(arch, 32);
        const specs = paramSpecs(arch);
        assert.ok(cost.params > 0, what);
        assert.equal(
          cost.params,
          specs.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0),
          what,
        );
        assert.equal(cost.params, layerParams(arch.layers, shapes), `${what}: the sum of its layers' parameters`);
        assert.ok(Number.isFinite(cost.flops) && cost.flops > 0, `${what}: ${cost.flops} flops`);
        assert.ok(Number.isFinite(cost.memoryBytes) && cost.memoryBytes > 0, `${what}: ${cost.memoryBytes} bytes`);
        if (h < 40) {
          // The model built from it: one weight array per parameter tensor, as many weights as it counts, and a
          // forward pass that yields `classes` finite logits.
          const model = randomModel(arch, h);
          assert.equal(model.params.length, specs.length, what);
          model.params.forEach((p, k) =>
            assert.equal(
              p.length,
              specs[k].shape.reduce((a, b) => a * b, 1),
              what,
            ),
          );
          assert.equal(
            model.params.reduce((n, p) => n + p.length, 0),
            cost.params,
            what,
          );
          const x = Float32Array.from({ length: shapeSize(input) }, (_, i) => ((i * 7 + h) % 11) / 10);
          const logits = compileReferenceForward(model).logits(x, 0);
          assert.equal(logits.length, classes, what);
          assert.ok(logits.every(Number.isFinite), `${what}: logits ${logits}`);
        }
      }
    });
  });

  test('stays small on 28x28x1: params and forward FLOPs within the trainable budget', () => {
    for (const hash of hashes.slice(0, 2000)) {
      const arch = phenotypeToArchitecture(deriveTerminals(grammar, hash), { kind: 'image', h: 28, w: 28, c: 1 }, 10);
      const cost = architectureCost(arch, 32);
      assert.ok(cost.params <= 500_000 && cost.flops <= 25_000_000, `${cost.params} params, ${cost.flops} flops`);
    }
  });

  test('is unambiguous on a sample: each derived phenotype has exactly one derivation', () => {
    for (const hash of hashes.slice(0, 300)) assert.equal(countParses(grammar, deriveTerminals(grammar, hash)), 1n);
  });
});
