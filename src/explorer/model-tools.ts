// On a block's page: "try the model" (draw a digit, or paste a CSV row, and the block's model classifies it in the
// browser) and "verify it yourself" (the exact evaluator re-counts the block's score on the validation split the node
// serves). Both run the evaluator's own code in a worker (eval-worker.ts).
import { parseShape } from '../arch/describe.js';
import type { Metric } from '../ml/data/dataset.js';
import type { BlockJson } from './api.js';
import { fill, h, percent } from './dom.js';
import { evaluate } from './evaluator.js';

const modelUrl = (b: BlockJson) => `/api/models/${b.modelRoot}`;

/** `metric`: that of the problem the block trained (its problemId). */
export function verifySection(b: BlockJson, metric: Metric): HTMLElement {
  const result = h('p', { id: 'verify-result', role: 'status' });
  const button = h('button', { type: 'button' }, 'Re-run the evaluator here');
  button.addEventListener('click', () => {
    button.disabled = true;
    result.textContent = 'evaluating…';
    const validation = `/api/chain/validation?problem=${b.problemId}`;
    evaluate({ kind: 'verify', model: modelUrl(b), validation, metric })
      .then(
        ({ score, seconds }) => {
          const same = score.correct === b.score.correct && score.total === b.score.total;
          result.dataset.correct = String(score.correct);
          result.dataset.total = String(score.total);
          result.className = same ? 'ok' : 'bad';
          result.textContent =
            `Counted ${score.correct} of ${score.total} in ${seconds.toFixed(2)} s; the header claims ` +
            `${b.score.correct} of ${b.score.total}: ${same ? 'equal' : 'NOT equal'}.`;
        },
        (err: Error) => {
          result.className = 'bad';
          result.textContent = `The evaluation failed: ${err.message}`;
        },
      )
      .finally(() => (button.disabled = false));
  });
  return h(
    'section',
    { 'aria-labelledby': 'verify-h' },
    h('h2', { id: 'verify-h' }, 'Verify it yourself'),
    h(
      'p',
      {},
      "Your browser runs the network's exact float64 evaluator, the same code as every node, on the problem's " +
        'validation set fetched from this node, and compares its count with the one the block claims.',
    ),
    button,
    result,
  );
}

export function trySection(b: BlockJson): HTMLElement | undefined {
  const shape = b.architecture && parseShape(b.architecture.input);
  if (!shape) return undefined;
  const bars = h('div', { id: 'prediction', 'aria-live': 'polite' });
  const classify = (x: readonly number[]) =>
    evaluate({ kind: 'predict', model: modelUrl(b), x }).then(
      ({ logits, predicted }) => {
        const top = Math.max(...logits);
        const e = logits.map((l) => Math.exp(l - top));
        const sum = e.reduce((a, c) => a + c, 0);
        bars.dataset.class = String(predicted);
        bars.dataset.pixels = x.join(',');
        fill(
          bars,
          h('p', {}, `Class ${predicted}.`),
          h(
            'ol',
            { class: 'bars', start: 0, 'aria-label': 'class probabilities' },
            e.map((v, i) =>
              h(
                'li',
                { class: i === predicted ? 'best' : undefined },
                h('span', {}, `${i}`),
                h('span', { class: 'bar', style: `width:${((100 * v) / sum).toFixed(1)}%` }),
                h('span', { class: 'small' }, percent(Math.round((10_000 * v) / sum))),
              ),
            ),
          ),
        );
      },
      (err: Error) => fill(bars, h('p', { class: 'bad' }, `The model failed: ${err.message}`)),
    );
  const features = shape.kind === 'image' ? shape.h * shape.w * shape.c : shape.n;
  const csv = h('textarea', { id: 'try-csv', rows: 2, spellcheck: 'false' });
  const csvButton = h('button', { type: 'button' }, 'Classify the row');
  csvButton.addEventListener('click', () => {
    const x = csv.value.trim().split(',').map(Number);
    if (x.length !== features || x.some((v) => !(v >= 0 && v <= 1)))
      fill(bars, h('p', { class: 'bad' }, `A row is ${features} numbers in [0, 1], separated by commas.`));
    else void classify(x);
  });
  return h(
    'section',
    { 'aria-labelledby': 'try-h' },
    h('h2', { id: 'try-h' }, 'Try the model'),
    shape.kind === 'image' && shape.c === 1 && canvas(shape.h, shape.w, classify),
    h('label', { for: 'try-csv' }, `Or paste one sample: ${features} values in [0, 1], comma-separated`),
    csv,
    csvButton,
    bars,
  );
}

/** A drawing surface: white strokes on black, read back at the model's h x w as grey levels / 255. */
function canvas(height: number, width: number, classify: (x: number[]) => unknown): HTMLElement {
  const scale = Math.max(1, Math.floor(224 / Math.max(height, width)));
  const c = h('canvas', {
    id: 'try-canvas',
    width: width * scale,
    height: height * scale,
    'aria-label': `drawing area, ${width} by ${height} pixels`,
  });
  const g = c.getContext('2d')!;
  const clear = () => {
    g.fillStyle = '#000';
    g.fillRect(0, 0, c.width, c.height);
  };
  clear();
  g.strokeStyle = '#fff';
  g.lineWidth = Math.max(2, c.width / 10);
  g.lineCap = 'round';
  g.lineJoin = 'round';
  let drawing = false;
  const at = (e: PointerEvent) => {
    const r = c.getBoundingClientRect();
    return [((e.clientX - r.left) * c.width) / r.width, ((e.clientY - r.top) * c.height) / r.height] as const;
  };
  c.addEventListener('pointerdown', (e) => {
    drawing = true;
    c.setPointerCapture(e.pointerId);
    g.beginPath();
    g.moveTo(...at(e));
  });
  c.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    g.lineTo(...at(e));
    g.stroke();
  });
  c.addEventListener('pointerup', () => (drawing = false));
  // Each input pixel is the mean grey of its scale x scale block, rounded to a grey level: what a PNG of the
  // drawing at the model's size would hold.
  const pixels = () => {
    const { data } = g.getImageData(0, 0, c.width, c.height);
    return Array.from({ length: width * height }, (_, i) => {
      const [y0, x0] = [Math.floor(i / width) * scale, (i % width) * scale];
      let sum = 0;
      for (let y = y0; y < y0 + scale; y++) for (let x = x0; x < x0 + scale; x++) sum += data[4 * (y * c.width + x)];
      return Math.round(sum / (scale * scale)) / 255;
    });
  };
  return h(
    'div',
    { class: 'try' },
    c,
    h(
      'div',
      {},
      h('button', { type: 'button', id: 'try-classify', onclick: () => void classify(pixels()) }, 'Classify'),
      ' ',
      h('button', { type: 'button', onclick: clear }, 'Clear'),
    ),
  );
}
