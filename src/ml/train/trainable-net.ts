// An architecture instantiated for training or fast float32 evaluation: its layers, activations and
// gradients for up to maxBatch samples, and all parameters in one flat tensor in paramSpecs order
// and layout (so they go to the model file as they are).
import { inferShapes, paramSpecs, shapeSize, type Architecture, type ParamSpec } from '../../arch/ir.js';
import { instantiateKernels, type Kernels } from '../kernels/wasm.js';
import { createLayer } from '../layers/create.js';
import type { Layer, Param } from '../layers/layer.js';
import { Arena } from '../tensor/arena.js';
import { Random } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

export class TrainableNet {
  readonly specs: ParamSpec[];
  /** Float offset of each spec's tensor within params. */
  readonly offsets: number[];
  /** Floats in each spec's tensor. */
  readonly sizes: number[];
  readonly params: Tensor;
  readonly grads: Tensor;
  /** maxBatch samples, each in CHW order. */
  readonly input: Tensor;
  readonly logits: Tensor;
  /** Set by the loss before backward. */
  readonly dLogits: Tensor;
  /** The memory everything above lives in; optimisers keep their state here too. */
  readonly arena: Arena;
  private readonly layers: Layer[];

  constructor(
    readonly arch: Architecture,
    readonly maxBatch: number,
    /** Seeds dropout masks. */
    seed = 0,
    kernels: Kernels = instantiateKernels(),
  ) {
    const arena = (this.arena = new Arena(kernels));
    const shapes = inferShapes(arch);
    this.specs = paramSpecs(arch);
    this.sizes = this.specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
    this.offsets = this.sizes.map((_, k) => this.sizes.slice(0, k).reduce((a, b) => a + b, 0));
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.params = arena.alloc(total);
    this.grads = arena.alloc(total);
    const acts = shapes.map((s) => arena.alloc(maxBatch * shapeSize(s)));
    const dActs = shapes.map((s, i) => (i === 0 ? null : arena.alloc(maxBatch * shapeSize(s))));
    const ctx = { arena, kernels, maxBatch, random: new Random(seed) };
    this.layers = arch.layers.map((spec, i) => {
      const params: Param[] = [];
      this.specs.forEach((s, k) => {
        if (s.layer !== i) return;
        const [offset, size] = [this.offsets[k], this.sizes[k]];
        params.push({ value: this.params.slice(offset, size), grad: this.grads.slice(offset, size) });
      });
      const io = { x: acts[i], y: acts[i + 1], dx: dActs[i], dy: dActs[i + 1]! };
      return createLayer(spec, shapes[i], shapes[i + 1], io, params, ctx);
    });
    this.input = acts[0];
    this.logits = acts[acts.length - 1];
    this.dLogits = dActs[dActs.length - 1]!;
  }

  /** Runs n samples from `input`; the logits are in `logits`. */
  forward(n: number, training: boolean): void {
    for (const layer of this.layers) layer.forward(n, training);
  }

  /** Accumulates into `grads` the gradient of the loss whose d/d(logits) is in `dLogits`. */
  backward(n: number): void {
    for (let i = this.layers.length - 1; i >= 0; i--) this.layers[i].backward(n);
  }

  /** Whether spec k is learnt by gradient descent (batchNorm's running statistics are not). */
  trainable(k: number): boolean {
    return this.specs[k].name !== 'mean' && this.specs[k].name !== 'variance';
  }

  /** The parameters as one array per paramSpecs entry (copies). */
  paramTensors(): Float32Array[] {
    const data = this.params.data;
    return this.specs.map((_, k) => data.slice(this.offsets[k], this.offsets[k] + this.sizes[k]));
  }

  setParamTensors(tensors: Float32Array[]): void {
    if (tensors.length !== this.specs.length || tensors.some((t, k) => t.length !== this.sizes[k])) {
      throw new Error(`parameter tensors do not match the architecture's ${this.specs.length} tensors`);
    }
    tensors.forEach((t, k) => this.params.data.set(t, this.offsets[k]));
  }
}
