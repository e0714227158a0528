// The live threshold curve of the height being mined: the score a block must reach, against the seconds since its
// parent, computed in the page by the consensus code itself (src/consensus/threshold.ts) from the parent's
// timestamp and the chain's threshold parameters. The scores recent blocks cleared are plotted at the seconds they
// took, on the same axes.
import uPlot from 'uplot';
import { threshold, type ParentForThreshold, type ThresholdParams } from '../consensus/threshold.js';

export interface MinedPoint {
  /** Seconds after its parent the block was stamped. */
  readonly dt: number;
  readonly bp: number;
}

/** Points on the curve at most: a long wait is drawn coarser, not slower. */
const CURVE_POINTS = 240;

export class ThresholdChart {
  private readonly plot: uPlot;

  constructor(
    private readonly el: HTMLElement,
    private readonly params: ThresholdParams,
  ) {
    const width = Math.max(280, el.clientWidth);
    this.plot = new uPlot(
      {
        width,
        height: 260,
        scales: { x: { time: false }, y: { range: [0, 100] } },
        axes: [
          { label: 'seconds since the parent block', stroke: 'currentColor' },
          { label: 'score, %', stroke: 'currentColor' },
        ],
        series: [
          { label: 's' },
          { label: 'threshold', stroke: '#0b57d0', width: 2, spanGaps: true, points: { show: false } },
          {
            label: 'scores of recent blocks',
            stroke: '#c2410c',
            fill: '#c2410c',
            paths: () => null,
            points: { show: true, size: 8, fill: '#c2410c' },
          },
        ],
        legend: { show: true },
      },
      [[], [], []],
      el,
    );
  }

  /** Redraws for the parent of the height being mined at `now` (seconds); returns the threshold now, in bp. */
  update(parent: ParentForThreshold, mined: readonly MinedPoint[], now: number): number {
    const t = Math.max(parent.timestamp, Math.floor(now));
    const span = t - parent.timestamp;
    const step = Math.max(1, Math.ceil(span / CURVE_POINTS));
    const curve = new Map<number, number>();
    for (let dt = 0; dt < span; dt += step) curve.set(dt, threshold(this.params, parent, parent.timestamp + dt));
    const latest = threshold(this.params, parent, t);
    curve.set(span, latest);
    const dots = new Map(mined.map((p) => [p.dt, p.bp]));
    const xs = [...new Set([...curve.keys(), ...dots.keys()])].sort((a, b) => a - b);
    const pct = (bp: number | undefined) => (bp === undefined ? null : bp / 100);
    this.plot.setSize({ width: Math.max(280, this.el.clientWidth), height: 260 });
    this.plot.setData([xs, xs.map((x) => pct(curve.get(x))), xs.map((x) => pct(dots.get(x)))]);
    this.el.dataset.latestBp = String(latest);
    return latest;
  }
}
