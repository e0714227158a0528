// The closed-form attack on a public evaluation set, as an attacker would run it: keep the convolutional layers of
// the derived architecture at random initial weights, and solve the classifier by ridge regression on the pool
// itself, so that no gradient step is taken. docs/PROTOCOL.md ("Threat model") compares what it reaches with
// honest training of the same architecture; test/e2e and bench/attack.bench.ts run it.
import { readFileSync } from 'node:fs';
import {
  BATCH_NORM_EPSILON,
  inferShapes,
  paramCount,
  paramSpecs,
  shapeSize,
  type Architecture,
} from '../../src/arch/ir.js';
import { phenotypeToArchitecture } from '../../src/arch/semantics.js';
import { sha3_512 } from '../../src/crypto/hash.js';
import { deriveTerminals } from '../../src/grammar/derive.js';
import { loadGrammar } from '../../src/io/grammar-file.js';
import type { Split } from '../../src/ml/data/split.js';
import { evaluateSplit } from '../../src/ml/eval/evaluate.js';
import { compileForward } from '../../src/ml/eval/forward.js';
import { correctCount } from '../../src/ml/eval/score.js';
import type { Model } from '../../src/ml/model/model.js';
import { randomModel } from '../../src/ml/model/random-model.js';
import { train, type TrainData } from '../../src/ml/train/trainer.js';
import { minerHyperParams } from '../../src/node/miner/hyper-params.js';

export interface ClosedFormFit {
  readonly model: Model;
  /** Features reaching the first dense layer: the unknowns per class of the fit. */
  readonly features: number;
  readonly seconds: number;
}

/** Added to every fitted score so that a relu after the fitted layer passes all of them (they lie near ±1). */
const SCORE_SHIFT = 16;

/**
 * Ridge regression on `pool` (one-hot ±1 targets) of the first dense layer's first `classes` units, every layer
 * before it random from `seed`; every later layer passes those units through unchanged (batch norm as identity,
 * dense layers selecting units 0..classes-1), so the logits are the fitted scores plus a constant. Fitting the
 * first dense layer rather than the logits is the attack's strongest form: it solves for the most features.
 */
export function closedFormFit(arch: Architecture, pool: Split, seed: number, lambda = 1): ClosedFormFit {
  const start = performance.now();
  const first = arch.layers.findIndex((l) => l.type === 'dense');
  const model = randomModel(arch, seed);
  const specs = paramSpecs(arch);
  const features = headFeatures(arch);
  const c = arch.classes;
  const w = ridge(featureMatrix(model, first, features, pool), pool.count, features + 1, targets(pool, c), c, lambda);
  specs.forEach((spec, k) => {
    if (spec.layer < first) return;
    const p = model.params[k];
    p.fill(0);
    if (spec.layer === first && spec.name === 'weight') {
      for (let u = 0; u < c; u++) for (let j = 0; j < features; j++) p[u * features + j] = w[j * c + u];
    } else if (spec.layer === first && spec.name === 'bias') {
      for (let u = 0; u < c; u++) p[u] = w[features * c + u] + SCORE_SHIFT;
    } else if (spec.name === 'weight') {
      for (let u = 0; u < c; u++) p[u * spec.shape[1] + u] = 1;
    } else if (spec.name === 'gamma') {
      p.fill(1);
    } else if (spec.name === 'variance') {
      p.fill(1 - BATCH_NORM_EPSILON);
    }
  });
  return { model, features, seconds: (performance.now() - start) / 1000 };
}

/** Each sample's features at layer `at`'s input, then a constant 1 (the bias column): rows of n + 1. */
function featureMatrix(model: Model, at: number, features: number, pool: Split): Float64Array {
  // The layers before `at` are a model of their own whose "logits" are the features; the exact evaluator
  // computes them.
  const specs = paramSpecs(model.arch);
  const prefix: Model = {
    ...model,
    arch: { input: model.arch.input, classes: features, layers: model.arch.layers.slice(0, at) },
    params: model.params.filter((_, k) => specs[k].layer < at),
  };
  const forward = compileForward(prefix);
  const inputSize = pool.x.length / pool.count;
  const cols = features + 1;
  const a = new Float64Array(pool.count * cols);
  for (let i = 0; i < pool.count; i += forward.batch) {
    const count = Math.min(forward.batch, pool.count - i);
    const rows = forward.logitsBatch(pool.x, i * inputSize, count);
    for (let r = 0; r < count; r++) {
      a.set(rows.subarray(r * features, (r + 1) * features), (i + r) * cols);
      a[(i + r) * cols + features] = 1;
    }
  }
  return a;
}

function targets(pool: Split, classes: number): Float64Array {
  const t = new Float64Array(pool.count * classes).fill(-1);
  for (let i = 0; i < pool.count; i++) t[i * classes + pool.y[i]] = 1;
  return t;
}

/** argmin ||A W − T||² + λ||W||²: (AᵀA + λI) W = AᵀT by Cholesky. A is n×m, T n×c; returns W as m×c. */
function ridge(a: Float64Array, n: number, m: number, t: Float64Array, c: number, lambda: number): Float64Array {
  const g = new Float64Array(m * m);
  const b = new Float64Array(m * c);
  for (let i = 0; i < n; i++) {
    const row = a.subarray(i * m, (i + 1) * m);
    for (let p = 0; p < m; p++) {
      const v = row[p];
      if (v === 0) continue;
      const gp = p * m;
      for (let q = p; q < m; q++) g[gp + q] += v * row[q];
      for (let k = 0; k < c; k++) b[p * c + k] += v * t[i * c + k];
    }
  }
  for (let p = 0; p < m; p++) {
    g[p * m + p] += lambda;
    for (let q = 0; q < p; q++) g[p * m + q] = g[q * m + p];
  }
  // In place: g becomes L (lower), then forward and back substitution per target column.
  for (let j = 0; j < m; j++) {
    let d = g[j * m + j];
    for (let k = 0; k < j; k++) d -= g[j * m + k] ** 2;
    const ljj = Math.sqrt(d);
    g[j * m + j] = ljj;
    for (let i = j + 1; i < m; i++) {
      let s = g[i * m + j];
      for (let k = 0; k < j; k++) s -= g[i * m + k] * g[j * m + k];
      g[i * m + j] = s / ljj;
    }
  }
  const w = new Float64Array(m * c);
  const y = new Float64Array(m);
  for (let k = 0; k < c; k++) {
    for (let i = 0; i < m; i++) {
      let s = b[i * c + k];
      for (let j = 0; j < i; j++) s -= g[i * m + j] * y[j];
      y[i] = s / g[i * m + i];
    }
    for (let i = m - 1; i >= 0; i--) {
      let s = y[i];
      for (let j = i + 1; j < m; j++) s -= g[j * m + i] * w[j * c + k];
      w[i * c + k] = s / g[i * m + i];
    }
  }
  return w;
}

export interface AttackComparison {
  readonly arch: Architecture;
  readonly features: number;
  /** Correct counts on the pool (the problem's validation split) and on samples neither saw (the train split). */
  readonly attack: { readonly pool: number; readonly unseen: number; readonly seconds: number };
  readonly honest: { readonly pool: number; readonly seconds: number };
  readonly poolSize: number;
}

/**
 * The attack against honest training of the same architecture, as the miner trains it (its hyper-parameters) on
 * the train split for `seconds`, then the
 * exact evaluator on the pool. The attack's "unseen" score is on the train split, which its fit never saw.
 */
export async function attackVersusTraining(
  arch: Architecture,
  data: TrainData,
  seconds: number,
  seed = 1,
): Promise<AttackComparison> {
  const fit = closedFormFit(arch, data.validation, seed);
  const hp = minerHyperParams(paramCount(arch), BigInt(seed), {});
  const trained = await train(arch, data, hp, { timeBudgetSeconds: seconds });
  const honest: Model = { ...fit.model, params: trained.params };
  return {
    arch,
    features: fit.features,
    attack: {
      pool: correctCount(evaluateSplit(fit.model, data.validation)),
      unseen: correctCount(evaluateSplit(fit.model, data.train)),
      seconds: fit.seconds,
    },
    honest: { pool: correctCount(evaluateSplit(honest, data.validation)), seconds: trained.seconds },
    poolSize: data.validation.count,
  };
}

/** Features reaching an architecture's first dense layer (the logits when there is no other). */
export function headFeatures(arch: Architecture): number {
  const first = arch.layers.findIndex((l) => l.type === 'dense');
  return shapeSize(inferShapes(arch)[first]);
}

/**
 * Architectures of the dev chain's grammar, derived from seeded work hashes (`draws` of them), the largest heads
 * first: the attack's best cases.
 */
export function devChainArchitectures(draws: number): { phenotype: string; arch: Architecture }[] {
  const config = JSON.parse(readFileSync('config/genesis.dev.json', 'utf8')) as { grammar: { file: string } };
  const { grammar } = loadGrammar(`grammars/${config.grammar.file}`);
  const derived = Array.from({ length: draws }, (_, i) => {
    const terminals = deriveTerminals(grammar, sha3_512(new TextEncoder().encode(`attack ${i}`)));
    return { phenotype: terminals.join(' '), arch: phenotypeToArchitecture(terminals, INPUT, CLASSES) };
  });
  return derived.sort((a, b) => headFeatures(b.arch) - headFeatures(a.arch));
}

const INPUT = { kind: 'image', h: 28, w: 28, c: 1 } as const;
const CLASSES = 10;
