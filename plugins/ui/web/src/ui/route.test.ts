import { describe, expect, it } from 'vitest';
import { href, parseRoute, type Route } from './route';

describe('routes', () => {
  it('parses each view', () => {
    expect(parseRoute('')).toEqual({ view: 'overview' });
    expect(parseRoute('#/services')).toEqual({ view: 'services' });
    expect(parseRoute('#/services/web')).toEqual({ view: 'service', name: 'web' });
    expect(parseRoute('#/nodes/node%201')).toEqual({ view: 'node', name: 'node 1' });
    expect(parseRoute('#/kv/')).toEqual({ view: 'kv-folder', prefix: '' });
    expect(parseRoute('#/kv/app/web/')).toEqual({ view: 'kv-folder', prefix: 'app/web/' });
    expect(parseRoute('#/kv/app/web/port')).toEqual({ view: 'kv-key', key: 'app/web/port' });
  });

  it('round-trips names with special characters', () => {
    const routes: Route[] = [
      { view: 'service', name: 'api/v1 #x' },
      { view: 'kv-key', key: 'a b/c?d/e%f' },
      { view: 'kv-folder', prefix: 'x y/' },
      { view: 'node', name: 'n%1' },
    ];
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
  });

  it('does not throw on a malformed escape', () => {
    expect(parseRoute('#/services/%E0%A4%A')).toEqual({ view: 'service', name: '%E0%A4%A' });
  });
});
