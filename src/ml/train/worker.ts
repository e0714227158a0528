// One training worker: a replica of the network that computes the gradient of its shard of every
// batch, all-reduces with the others through shared memory (summing the slots in worker order, so
// every replica applies the same update and stays bit-identical), and steps its optimiser.
import { parentPort, workerData } from 'node:worker_threads';
import { shapeSize } from '../../arch/ir.js';
import { softmaxCrossEntropy } from '../layers/softmax-cross-entropy.js';
import { createOptimizer } from '../optim/create.js';
import type { Segment } from '../optim/optimizer.js';
import { scheduledRate } from '../optim/schedule.js';
import { loadWasmKernels } from '../../io/wasm-files.js';
import { Barrier } from './barrier.js';
import { evaluateRange } from './evaluate.js';
import type { FromWorker, ToWorker, WorkerSetup } from './messages.js';
import { TrainableNet } from './trainable-net.js';
import { ABORT, ACTIVE, activeWorkers, shard, STOP } from './shared.js';

loadWasmKernels();
const setup = workerData as WorkerSetup;
const { arch, hp, index, workers, shared } = setup;
const port = parentPort!;
const net = new TrainableNet(arch, setup.maxShard, hp.seed * 7919 + index + 1);
net.params.data.set(setup.params);
const paramCount = net.params.length;
const segments: Segment[] = net.specs.flatMap((s, k) =>
  net.trainable(k) ? [{ offset: net.offsets[k], length: net.sizes[k], decay: s.name === 'weight' }] : [],
);
const optimizer = createOptimizer(hp.optimizer, net.arena, segments, paramCount, hp.momentum, hp.weightDecay);
const barrier = new Barrier(shared.control, workers);
const sampleSize = shapeSize(arch.input);
const labels = new Uint8Array(setup.maxShard);
/** Another replica's gradient, copied in from its slot to be added. */
const incoming = net.arena.alloc(workers > 1 ? paramCount : 0);
const runningStats = net.specs.flatMap((_, k) =>
  net.trainable(k) ? [] : [{ offset: net.offsets[k], length: net.sizes[k] }],
);
let globalStep = 0;

function send(m: FromWorker): void {
  port.postMessage(m);
}

/** slots[parity][w]: worker w's gradient for the steps of that parity. */
const slots = [0, 1].map((parity) =>
  Array.from({ length: workers }, (_, w) =>
    shared.gradSlots.subarray((parity * workers + w) * paramCount, (parity * workers + w + 1) * paramCount),
  ),
);

function runEpoch(m: Extract<ToWorker, { type: 'epoch' }>): void {
  const { train, order, control, stats } = shared;
  const batch = hp.batchSize;
  let done = 0;
  let stopped = false;
  for (let t = 0; t < m.steps && !stopped; t++) {
    const first = t * batch;
    const size = Math.min(batch, train.count - first);
    const active = Atomics.load(control, ACTIVE);
    net.grads.data.fill(0);
    const result = { loss: 0, correct: 0 };
    // The batch keeps its `workers` shards whatever the thread limit: an active worker computes its own and those of
    // the idle workers after it (index + active, + 2·active…), accumulating their gradients; an idle one sends zeros.
    for (let v = index; index < active && v < workers; v += active) {
      const [lo, hi] = shard(size, v, workers);
      const n = hi - lo;
      if (n === 0) continue;
      const input = net.input.data;
      for (let s = 0; s < n; s++) {
        const sample = order[first + lo + s];
        input.set(train.x.subarray(sample * sampleSize, (sample + 1) * sampleSize), s * sampleSize);
        labels[s] = train.y[sample];
      }
      net.forward(n, true);
      const r = softmaxCrossEntropy(net.logits.data, labels, n, arch.classes, net.dLogits.data, 1 / size);
      net.backward(n);
      result.loss += r.loss;
      result.correct += r.correct;
    }
    const parity = globalStep & 1;
    slots[parity][index].set(net.grads.data);
    stats[(parity * workers + index) * 2] = result.loss;
    stats[(parity * workers + index) * 2 + 1] = result.correct;
    barrier.wait(() => {
      const now = Date.now();
      const progress = Math.max(
        m.totalSteps > 0 ? (globalStep + 1) / m.totalSteps : 0,
        m.budgetMs > 0 ? (now - m.startTime) / m.budgetMs : 0,
      );
      shared.learningRate[0] = scheduledRate(hp.learningRate, hp.schedule, progress);
      const stop = Atomics.load(control, ABORT) === 1 || (m.deadline > 0 && now >= m.deadline);
      Atomics.store(control, STOP, stop ? 1 : 0);
      Atomics.store(control, ACTIVE, activeWorkers(setup.threadLimit, workers));
    });
    if (workers > 1) net.grads.data.set(slots[parity][0]);
    for (let w = 1; w < workers; w++) {
      incoming.data.set(slots[parity][w]);
      net.arena.kernels.addInto(net.grads.ptr, incoming.ptr, paramCount);
    }
    optimizer.step(net.params, net.grads, shared.learningRate[0]);
    stopped = Atomics.load(control, STOP) === 1;
    globalStep++;
    done++;
    if (index === 0) {
      let loss = 0;
      let correct = 0;
      for (let w = 0; w < workers; w++) {
        loss += stats[(parity * workers + w) * 2];
        correct += stats[(parity * workers + w) * 2 + 1];
      }
      send({ type: 'step', samples: size, loss, correct, threads: active });
    }
  }
  averageRunningStats();
  send({ type: 'epochDone', steps: done, stopped });
}

/** Replicas saw different shards, so their batchNorm running statistics differ: average them. */
function averageRunningStats(): void {
  if (runningStats.length === 0 || workers === 1) return;
  barrier.wait();
  slots[0][index].set(net.params.data);
  barrier.wait();
  const params = net.params.data;
  for (const { offset, length } of runningStats) {
    for (let i = offset; i < offset + length; i++) {
      let sum = 0;
      for (const replica of slots[0]) sum += replica[i];
      params[i] = sum / workers;
    }
  }
  barrier.wait();
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'epoch':
      return runEpoch(m);
    case 'evaluate': {
      const [lo, hi] = shard(shared.validation.count, index, workers);
      return send({ type: 'evaluated', ...evaluateRange(net, shared.validation, lo, hi - lo) });
    }
    case 'params':
      return send({ type: 'params', params: net.params.data.slice() });
  }
});
send({ type: 'ready' });
