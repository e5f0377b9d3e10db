/** A node's Vivaldi network coordinate as /v1/coordinate/nodes returns it (distances in seconds). */
export interface Coord {
  Vec: number[];
  Error: number;
  Adjustment: number;
  Height: number;
}

export interface CoordinateEntry {
  Node: string;
  Segment?: string;
  Coord: Coord;
}

/**
 * Estimated round trip in seconds, as Consul computes it: Euclidean distance plus both heights, corrected by
 * both adjustments when that keeps it positive.
 */
export function distanceSeconds(a: Coord, b: Coord): number {
  const n = Math.min(a.Vec.length, b.Vec.length);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = a.Vec[i] - b.Vec[i];
    sum += d * d;
  }
  const rtt = Math.sqrt(sum) + a.Height + b.Height;
  const adjusted = rtt + a.Adjustment + b.Adjustment;
  return adjusted > 0 ? adjusted : rtt;
}

/** The node's LAN coordinate in the default segment, if it has one. */
export function coordinateOf(entries: CoordinateEntry[], node: string): Coord | undefined {
  return entries.find((e) => e.Node === node && !e.Segment)?.Coord;
}

/** Estimated RTT in milliseconds between two nodes, or null when either has no coordinate yet. */
export function rttMillis(entries: CoordinateEntry[], from: string, to: string): number | null {
  const a = coordinateOf(entries, from);
  const b = coordinateOf(entries, to);
  return a && b ? distanceSeconds(a, b) * 1000 : null;
}

/** The node page's line: "RTT to this agent: 0.412 ms", or that there is no coordinate yet. */
export function describeRtt(ms: number | null): string {
  return ms === null ? 'RTT to this agent: no coordinate yet' : `RTT to this agent: ${ms.toFixed(3)} ms`;
}
