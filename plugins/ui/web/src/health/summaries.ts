// Per-service and per-node health from two cheap, blockable reads (/v1/catalog/services and
// /v1/health/state/any) instead of one request per service: with 5,000 services that is the difference
// between two long-polls and a request storm.

import type { CatalogNode, CheckStatus, HealthCheck } from '../api/types';
import { emptyCounts, normaliseStatus, worst, type StatusCounts } from './status';

export interface ServiceSummary {
  name: string;
  tags: string[];
  /** Instances seen through their checks (an instance without any check is not visible here). */
  instances: number;
  /** Instances per status: an instance is as healthy as the worst of its own and its node's checks. */
  byStatus: StatusCounts;
  status: CheckStatus | 'none';
}

export interface NodeSummary {
  node: CatalogNode;
  checks: StatusCounts;
  status: CheckStatus | 'none';
}

function nodeStatuses(checks: readonly HealthCheck[]): Map<string, CheckStatus> {
  const byNode = new Map<string, CheckStatus>();
  for (const check of checks) {
    if (check.ServiceID) continue;
    const status = normaliseStatus(check.Status);
    const previous = byNode.get(check.Node);
    byNode.set(check.Node, previous === undefined ? status : worst(previous, status));
  }
  return byNode;
}

export function summariseServices(catalog: Record<string, string[] | null>, checks: readonly HealthCheck[]): ServiceSummary[] {
  const nodeHealth = nodeStatuses(checks);
  // service name -> instance key (node + service id) -> status
  const instances = new Map<string, Map<string, CheckStatus>>();
  for (const check of checks) {
    if (!check.ServiceID) continue;
    const key = `${check.Node}\u0000${check.ServiceID}`;
    let perService = instances.get(check.ServiceName);
    if (!perService) instances.set(check.ServiceName, (perService = new Map()));
    const status = normaliseStatus(check.Status);
    const previous = perService.get(key) ?? nodeHealth.get(check.Node) ?? status;
    perService.set(key, worst(previous, status));
  }
  return Object.keys(catalog)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => {
      const byStatus = emptyCounts();
      const perService = instances.get(name);
      perService?.forEach((status) => (byStatus[status] += 1));
      const count = perService?.size ?? 0;
      const status: ServiceSummary['status'] =
        count === 0 ? 'none' : byStatus.critical ? 'critical' : byStatus.warning ? 'warning' : 'passing';
      return { name, tags: [...new Set(catalog[name] ?? [])].sort(), instances: count, byStatus, status };
    });
}

export function summariseNodes(nodes: readonly CatalogNode[], checks: readonly HealthCheck[]): NodeSummary[] {
  const counts = new Map<string, StatusCounts>();
  for (const check of checks) {
    let c = counts.get(check.Node);
    if (!c) counts.set(check.Node, (c = emptyCounts()));
    c[normaliseStatus(check.Status)] += 1;
  }
  return [...nodes]
    .sort((a, b) => a.Node.localeCompare(b.Node))
    .map((node) => {
      const c = counts.get(node.Node) ?? emptyCounts();
      const status: NodeSummary['status'] = c.critical ? 'critical' : c.warning ? 'warning' : c.passing ? 'passing' : 'none';
      return { node, checks: c, status };
    });
}
