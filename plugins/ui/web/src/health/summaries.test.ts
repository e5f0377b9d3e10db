import { describe, expect, it } from 'vitest';
import type { CatalogNode, HealthCheck } from '../api/types';
import { summariseNodes, summariseServices } from './summaries';
import { aggregate, countChecks } from './status';

const check = (Node: string, ServiceID: string, Status: string, ServiceName = ServiceID.replace(/-\d+$/, '')): HealthCheck => ({
  Node,
  CheckID: `${ServiceID || 'node'}:${Status}`,
  Name: 'c',
  Status,
  ServiceID,
  ServiceName: ServiceID ? ServiceName : '',
});

const node = (Node: string): CatalogNode => ({ Node, Address: '10.0.0.1', Datacenter: 'dc1' });

describe('summariseServices', () => {
  it('counts instances by the worst of their own and their node\'s checks', () => {
    const checks = [
      check('n1', '', 'passing'),
      check('n2', '', 'critical'), // serfHealth of n2 failed: every instance there is critical
      check('n1', 'web-1', 'passing'),
      check('n1', 'web-1', 'warning'),
      check('n2', 'web-2', 'passing'),
      check('n1', 'web-3', 'passing'),
      check('n1', 'db-1', 'passing'),
    ];
    const services = summariseServices({ web: ['v2', 'prod', 'v2'], db: [], cache: null }, checks);
    expect(services.map((s) => s.name)).toEqual(['cache', 'db', 'web']);
    const web = services[2];
    expect(web).toEqual({ name: 'web', tags: ['prod', 'v2'], instances: 3, byStatus: { passing: 1, warning: 1, critical: 1 }, status: 'critical' });
    expect(services[1].status).toBe('passing');
    expect(services[0]).toMatchObject({ instances: 0, status: 'none', tags: [] });
  });

  it('treats an unknown status as critical', () => {
    expect(summariseServices({ api: [] }, [check('n1', 'api-1', 'maintenance')])[0].status).toBe('critical');
  });

  it('handles 5,000 services and 20,000 checks quickly enough for every update', () => {
    const catalog: Record<string, string[]> = {};
    const checks: HealthCheck[] = [];
    for (let i = 0; i < 5_000; i++) {
      catalog[`svc-${i}`] = [`t${i % 10}`];
      for (let j = 0; j < 4; j++) checks.push(check(`node-${(i + j) % 1_000}`, `svc-${i}-${j}`, j === 3 ? 'warning' : 'passing', `svc-${i}`));
    }
    const services = summariseServices(catalog, checks);
    expect(services).toHaveLength(5_000);
    expect(services.every((s) => s.instances === 4 && s.status === 'warning')).toBe(true);
  });
});

describe('summariseNodes', () => {
  it('rates a node by all its checks and sorts by name', () => {
    const nodes = summariseNodes([node('b'), node('a'), node('c')], [check('a', '', 'passing'), check('a', 'web-1', 'warning'), check('b', '', 'critical')]);
    expect(nodes.map((n) => [n.node.Node, n.status, n.checks])).toEqual([
      ['a', 'warning', { passing: 1, warning: 1, critical: 0 }],
      ['b', 'critical', { passing: 0, warning: 0, critical: 1 }],
      ['c', 'none', { passing: 0, warning: 0, critical: 0 }],
    ]);
  });
});

describe('status helpers', () => {
  it('count and aggregate', () => {
    const checks = [check('a', '', 'passing'), check('a', 'x-1', 'critical'), check('b', '', 'warning')];
    expect(countChecks(checks)).toEqual({ passing: 1, warning: 1, critical: 1 });
    expect(aggregate(checks)).toBe('critical');
    expect(aggregate([])).toBeUndefined();
  });
});
