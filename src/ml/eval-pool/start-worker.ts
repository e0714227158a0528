// Starts a worker thread from a module next to the caller. Built, that is plain JavaScript; run from
// source under tsx (tests, benchmarks), Node 20 does not pass tsx's loader on to workers, so the
// worker first registers it and then imports the TypeScript module.
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const target = new URL(`./${name}.ts`, callerUrl).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(target)}, ${JSON.stringify(callerUrl)}))`;
  return new Worker(code, { ...options, eval: true });
}
