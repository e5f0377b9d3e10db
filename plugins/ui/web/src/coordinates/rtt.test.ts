import { describe, expect, it } from 'vitest';
import { type Coord, type CoordinateEntry, describeRtt, distanceSeconds, rttMillis } from './rtt';

const coord = (vec: number[], height = 1e-5, adjustment = 0): Coord => ({
  Vec: [...vec, ...new Array(8 - vec.length).fill(0)],
  Error: 0.2,
  Adjustment: adjustment,
  Height: height,
});

describe('distanceSeconds', () => {
  it('adds both heights to the Euclidean distance', () => {
    expect(distanceSeconds(coord([0.003, 0.004], 0.0005), coord([0, 0], 0.0005))).toBeCloseTo(0.006, 12);
  });

  it('adds the adjustments while the result stays positive', () => {
    expect(distanceSeconds(coord([0.003, 0.004], 0.0005, 0.001), coord([0], 0.0005, 0.002))).toBeCloseTo(0.009, 12);
    expect(distanceSeconds(coord([0.003, 0.004], 0.0005, -0.05), coord([0], 0.0005))).toBeCloseTo(0.006, 12);
  });

  it('is symmetric and zero-length vectors count only heights', () => {
    const a = coord([0.01, -0.02, 0.005]);
    const b = coord([-0.004, 0.001]);
    expect(distanceSeconds(a, b)).toBeCloseTo(distanceSeconds(b, a), 15);
    expect(distanceSeconds(coord([]), coord([]))).toBeCloseTo(2e-5, 15);
  });
});

describe('rttMillis', () => {
  const entries: CoordinateEntry[] = [
    { Node: 'agent', Segment: '', Coord: coord([0.001]) },
    { Node: 'web', Segment: '', Coord: coord([0.004]) },
    { Node: 'web', Segment: 'alpha', Coord: coord([0.5]) },
  ];

  it('uses the default segment of both nodes', () => {
    expect(rttMillis(entries, 'agent', 'web')).toBeCloseTo(3.02, 9);
  });

  it('is null when a node has no coordinate yet', () => {
    expect(rttMillis(entries, 'agent', 'db')).toBeNull();
    expect(rttMillis([], 'agent', 'web')).toBeNull();
  });

  it('describes the estimate for the node page', () => {
    expect(describeRtt(0.41234)).toBe('RTT to this agent: 0.412 ms');
    expect(describeRtt(null)).toBe('RTT to this agent: no coordinate yet');
  });
});
