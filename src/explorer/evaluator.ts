// The page's side of the evaluator worker (eval-worker.ts): started on first use, one request at a time per call.
import { CodedError } from '../base/coded-error.js';
import type { EvalAnswer, EvalRequest } from './eval-worker.js';

/** The worker's script and the kernels' bytes: their content-hashed names, which index.html carries. */
const asset = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)!.content;

let worker: Worker | undefined;
let next = 0;
const waiting = new Map<number, (a: EvalAnswer) => void>();

export class EvaluatorError extends CodedError<'evaluator-failed'> {}

type Request = EvalRequest extends infer R ? (R extends unknown ? Omit<R, 'id' | 'wasm'> : never) : never;

export function evaluate<K extends Request['kind']>(
  request: Extract<Request, { kind: K }>,
): Promise<Extract<EvalAnswer, { kind: K }>> {
  if (!worker) {
    worker = new Worker(asset('eval-worker'), { type: 'module' });
    worker.onmessage = (e: MessageEvent<EvalAnswer>) => {
      waiting.get(e.data.id)?.(e.data);
      waiting.delete(e.data.id);
    };
  }
  const id = next++;
  return new Promise((resolve, reject) => {
    waiting.set(id, (a) =>
      a.kind === 'error'
        ? reject(new EvaluatorError('evaluator-failed', a.message))
        : resolve(a as Extract<EvalAnswer, { kind: K }>),
    );
    worker!.postMessage({ ...request, id, wasm: asset('eval-kernels') });
  });
}
