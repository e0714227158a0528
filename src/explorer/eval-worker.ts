// The exact evaluator in the browser, in a worker so that the page stays responsive: the same code every node runs
// (src/ml/eval: the float64 forward pass on the WebAssembly kernels, compiled for the page by esbuild), fed the
// kernels' bytes, a block's model file and the problem's validation split as the node serves them. `verify` counts
// the split as a node does; `predict` gives the logits of one sample. Models are decoded once per URL.
import { headerScore, type Score } from '../consensus/score.js';
import type { Metric } from '../ml/data/dataset.js';
import { evaluateSplit } from '../ml/eval/evaluate.js';
import { argmax, compileForward } from '../ml/eval/forward.js';
import { evalKernelModule } from '../ml/eval/wasm.js';
import { decodeModel } from '../ml/model/codec.js';
import type { Model } from '../ml/model/model.js';

export type EvalRequest = { readonly id: number; readonly wasm: string; readonly model: string } & (
  | { readonly kind: 'verify'; readonly validation: string; readonly metric: Metric }
  | { readonly kind: 'predict'; readonly x: readonly number[] }
);

export type EvalAnswer = { readonly id: number } & (
  | { readonly kind: 'verify'; readonly score: Score; readonly seconds: number }
  | { readonly kind: 'predict'; readonly logits: readonly number[]; readonly predicted: number }
  | { readonly kind: 'error'; readonly message: string }
);

const scope = self as unknown as {
  onmessage: (e: MessageEvent<EvalRequest>) => void;
  postMessage(answer: EvalAnswer): void;
};

const models = new Map<string, Promise<Model>>();
let kernels: Promise<void> | undefined;

async function bytes(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function model(url: string): Promise<Model> {
  let m = models.get(url);
  if (!m) models.set(url, (m = bytes(url).then(decodeModel)));
  return m;
}

/** The validation split as /api/chain/validation encodes it. */
function parseSplit(b: Uint8Array) {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const count = view.getUint32(0, true);
  const features = view.getUint32(4, true);
  const x = new Float32Array(count * features);
  for (let i = 0; i < x.length; i++) x[i] = view.getFloat32(8 + 4 * i, true);
  return { x, y: b.slice(8 + 4 * x.length, 8 + 4 * x.length + count), count };
}

async function answer(req: EvalRequest): Promise<EvalAnswer> {
  kernels ??= bytes(req.wasm).then(async (b) => {
    const compiled = await WebAssembly.compile(b);
    evalKernelModule.supply(() => compiled);
  });
  await kernels;
  const m = await model(req.model);
  if (req.kind === 'predict') {
    const logits = compileForward(m, 1).logits(Float32Array.from(req.x), 0);
    return { id: req.id, kind: 'predict', logits: [...logits], predicted: argmax(logits) };
  }
  const split = parseSplit(await bytes(req.validation));
  const start = performance.now();
  const score = headerScore(evaluateSplit(m, split), req.metric);
  return { id: req.id, kind: 'verify', score, seconds: (performance.now() - start) / 1000 };
}

scope.onmessage = (e) =>
  void answer(e.data).then(scope.postMessage, (err: unknown) =>
    scope.postMessage({ id: e.data.id, kind: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
