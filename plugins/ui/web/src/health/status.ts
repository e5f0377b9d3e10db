import type { CheckStatus, HealthCheck } from '../api/types';

const rank: Record<CheckStatus, number> = { passing: 0, warning: 1, critical: 2 };

/** Consul treats anything it does not know (e.g. "maintenance" in old agents) as critical. */
export function normaliseStatus(status: string): CheckStatus {
  return status === 'passing' || status === 'warning' ? status : 'critical';
}

export function worst(a: CheckStatus, b: CheckStatus): CheckStatus {
  return rank[a] >= rank[b] ? a : b;
}

export interface StatusCounts {
  passing: number;
  warning: number;
  critical: number;
}

export function emptyCounts(): StatusCounts {
  return { passing: 0, warning: 0, critical: 0 };
}

export function countChecks(checks: readonly HealthCheck[]): StatusCounts {
  const counts = emptyCounts();
  for (const check of checks) counts[normaliseStatus(check.Status)] += 1;
  return counts;
}

/** Worst status of a list of checks; undefined when there are none. */
export function aggregate(checks: readonly HealthCheck[]): CheckStatus | undefined {
  let result: CheckStatus | undefined;
  for (const check of checks) {
    const status = normaliseStatus(check.Status);
    result = result === undefined ? status : worst(result, status);
  }
  return result;
}
