// The live threshold curve of the height being mined: the score a block must reach, against the seconds since its
// parent, computed in the page by the consensus code itself (src/consensus/threshold.ts) from the parent's
// timestamp and the chain's threshold parameters: solid up to now, dashed from now until it reaches its floor. The
// scores recent blocks reached are plotted at the seconds they took, on the same axes (those that took longer than
// the fall are left out: they cleared the floor, and would stretch the axis).
import uPlot from 'uplot';
import { threshold, timeToReach, type ParentForThreshold, type ThresholdParams } from '../consensus/threshold.js';

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
          { label: 'to come', stroke: '#0b57d0', width: 1, dash: [6, 4], spanGaps: true, points: { show: false } },
          {
            label: 'scores of recent blocks',
            stroke: '#c2410c',
            fill: '#c2410c',
            paths: () => null,
            points: { show: true, size: 8, fill: '#c2410c' },
          },
        ],
        legend: { live: false },
      },
      [[], [], [], []],
      el,
    );
  }

  /** Redraws for the parent of the height being mined at `now` (seconds); returns the threshold now, in bp. */
  update(parent: ParentForThreshold, mined: readonly MinedPoint[], now: number): number {
    const t = Math.max(parent.timestamp, Math.floor(now));
    const span = t - parent.timestamp;
    const fall = timeToReach(this.params, parent, this.params.floorBp) - parent.timestamp;
    const horizon = Math.max(span, Number.isFinite(fall) ? fall : span);
    const step = Math.max(1, Math.ceil(horizon / CURVE_POINTS));
    const at = (dt: number) => threshold(this.params, parent, parent.timestamp + dt);
    const past = new Map<number, number>();
    const future = new Map<number, number>();
    for (let dt = 0; dt < horizon; dt += step) (dt < span ? past : future).set(dt, at(dt));
    const latest = at(span);
    past.set(span, latest);
    future.set(span, latest);
    future.set(horizon, at(horizon));
    const dots = new Map(mined.filter((p) => p.dt <= horizon).map((p) => [p.dt, p.bp]));
    const xs = [...new Set([...past.keys(), ...future.keys(), ...dots.keys()])].sort((a, b) => a - b);
    const pct = (m: Map<number, number>) => xs.map((x) => (m.has(x) ? m.get(x)! / 100 : null));
    this.plot.setSize({ width: Math.max(280, this.el.clientWidth), height: 260 });
    this.plot.setData([xs, pct(past), pct(future), pct(dots)]);
    this.el.dataset.latestBp = String(latest);
    return latest;
  }
}
