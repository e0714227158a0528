// The loss: softmax over each sample's logits, then the negative log-likelihood of its label.

export interface LossResult {
  /** Sum over the samples (not the mean). */
  loss: number;
  /** Samples whose largest logit is their label (ties to the lowest index). */
  correct: number;
}

/**
 * Loss and accuracy of n samples; when dLogits is given it receives scale * d(loss)/d(logits), where
 * scale is 1/(samples in the whole batch) for a mean loss.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: ArrayLike<number>,
  n: number,
  classes: number,
  dLogits?: Float32Array,
  scale = 1,
): LossResult {
  let loss = 0;
  let correct = 0;
  for (let s = 0; s < n; s++) {
    const row = s * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[row + c] > logits[row + best]) best = c;
    const max = logits[row + best];
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c] - max);
    const label = labels[s];
    loss += Math.log(sum) - (logits[row + label] - max);
    if (best === label) correct++;
    if (!dLogits) continue;
    for (let c = 0; c < classes; c++) {
      const p = Math.exp(logits[row + c] - max) / sum;
      dLogits[row + c] = scale * (p - (c === label ? 1 : 0));
    }
  }
  return { loss, correct };
}
