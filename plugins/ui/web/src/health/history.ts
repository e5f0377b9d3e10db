// Check counts sampled by the browser over the last minutes (Consul keeps no such history): a bounded
// ring of samples and the geometry of a small line plot.

import type { StatusCounts } from './status';

export interface HealthSample extends StatusCounts {
  at: number;
}

export class HealthHistory {
  private samples: HealthSample[] = [];

  constructor(
    private readonly windowMs: number = 10 * 60_000,
    private readonly minSpacingMs: number = 5_000,
  ) {}

  /**
   * Records a sample. The newest point always tracks the latest counts, but points are kept at least
   * minSpacingMs apart, so a burst of updates does not grow memory.
   */
  add(sample: HealthSample): void {
    const n = this.samples.length;
    if (n > 0 && sample.at < this.samples[n - 1].at) return;
    if (n >= 2 && this.samples[n - 1].at - this.samples[n - 2].at < this.minSpacingMs) {
      this.samples[n - 1] = sample;
    } else {
      this.samples.push(sample);
    }
    const oldest = sample.at - this.windowMs;
    while (this.samples.length > 0 && this.samples[0].at < oldest) this.samples.shift();
  }

  list(): readonly HealthSample[] {
    return this.samples;
  }
}

export interface Sparkline {
  /** SVG polyline points. */
  points: string;
  /** The largest count in the window: the top of this line's own scale. */
  max: number;
  /** The newest point, marked so that a line of a single sample (just after load) still shows. */
  end?: { x: number; y: number };
}

export type PlotLines = Record<'passing' | 'warning' | 'critical', Sparkline>;

/**
 * One sparkline per status, time on x (over windowMs ending at `now`), count on y. Each status has its own
 * scale: thousands of passing checks would otherwise flatten the few critical ones that matter.
 */
export function plotLines(samples: readonly HealthSample[], now: number, windowMs: number, width: number, height: number): PlotLines {
  const x = (at: number) => Math.round(((at - (now - windowMs)) / windowMs) * width * 10) / 10;
  const line = (pick: (s: HealthSample) => number): Sparkline => {
    const max = Math.max(1, ...samples.map(pick));
    const y = (value: number) => Math.round((height - (value / max) * height) * 10) / 10;
    const last = samples[samples.length - 1];
    return { points: samples.map((s) => `${x(s.at)},${y(pick(s))}`).join(' '), max, ...(last ? { end: { x: x(last.at), y: y(pick(last)) } } : {}) };
  };
  return { passing: line((s) => s.passing), warning: line((s) => s.warning), critical: line((s) => s.critical) };
}
