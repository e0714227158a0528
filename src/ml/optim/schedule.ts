// Learning rate over training progress (0 at the start, 1 at the last epoch or the time budget's end).

export type Schedule = 'cosine' | 'step' | 'constant';
export const SCHEDULES: readonly Schedule[] = ['cosine', 'step', 'constant'];

export function scheduledRate(base: number, schedule: Schedule, progress: number): number {
  const p = Math.min(Math.max(progress, 0), 1);
  switch (schedule) {
    case 'cosine':
      return base * 0.5 * (1 + Math.cos(Math.PI * p));
    case 'step':
      return base * (p < 0.5 ? 1 : p < 0.75 ? 0.1 : 0.01);
    case 'constant':
      return base;
  }
}
