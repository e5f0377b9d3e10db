import { describe, expect, it } from 'vitest';
import { HealthHistory, plotLines } from './history';

const s = (at: number, passing = 1, warning = 0, critical = 0) => ({ at, passing, warning, critical });

describe('HealthHistory', () => {
  it('keeps points apart by minSpacing while the newest tracks the latest counts', () => {
    const h = new HealthHistory(60_000, 5_000);
    for (let t = 0; t <= 12_000; t += 1_000) h.add(s(t, t));
    expect(h.list().map((x) => x.at)).toEqual([0, 5_000, 10_000, 12_000]);
    expect(h.list()[3].passing).toBe(12_000);
  });

  it('drops samples older than the window and ignores ones from the past', () => {
    const h = new HealthHistory(10_000, 1_000);
    [0, 5_000, 9_000, 16_000].forEach((t) => h.add(s(t)));
    h.add(s(15_000));
    expect(h.list().map((x) => x.at)).toEqual([9_000, 16_000]);
  });
});

describe('plotLines', () => {
  it('maps time to x across the window and each status to its own y scale', () => {
    const lines = plotLines([s(0, 400, 2, 0), s(50, 200, 0, 4)], 100, 100, 200, 40);
    expect(lines.passing).toEqual({ points: '0,0 100,20', max: 400, end: { x: 100, y: 20 } });
    expect(lines.warning).toEqual({ points: '0,0 100,40', max: 2, end: { x: 100, y: 40 } });
    expect(lines.critical).toEqual({ points: '0,40 100,0', max: 4, end: { x: 100, y: 0 } });
  });

  it('draws a flat zero line when there is nothing (no division by zero)', () => {
    expect(plotLines([s(10, 0)], 10, 10, 100, 10).passing).toEqual({ points: '100,10', max: 1, end: { x: 100, y: 10 } });
  });

  it('has no end mark without samples', () => {
    expect(plotLines([], 10, 10, 100, 10).critical).toEqual({ points: '', max: 1 });
  });
});
