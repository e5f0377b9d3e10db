import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '../health/summaries';
import { allTags, filterServices, matchesText, noFilter } from './filter';

const svc = (name: string, status: ServiceSummary['status'], tags: string[] = []): ServiceSummary => ({
  name,
  tags,
  status,
  instances: 1,
  byStatus: { passing: 0, warning: 0, critical: 0 },
});

const services = [svc('web', 'passing', ['prod', 'http']), svc('web-canary', 'critical', ['canary']), svc('db', 'warning', ['prod']), svc('legacy', 'none')];

describe('filterServices', () => {
  it('returns everything without a filter', () => {
    expect(filterServices(services, noFilter)).toHaveLength(4);
  });
  it('searches names and tags case-insensitively', () => {
    expect(filterServices(services, { ...noFilter, text: ' WEB ' }).map((s) => s.name)).toEqual(['web', 'web-canary']);
    expect(filterServices(services, { ...noFilter, text: 'htt' }).map((s) => s.name)).toEqual(['web']);
  });
  it('filters by health and by exact tag, combined', () => {
    expect(filterServices(services, { ...noFilter, health: 'critical' }).map((s) => s.name)).toEqual(['web-canary']);
    expect(filterServices(services, { ...noFilter, tag: 'prod' }).map((s) => s.name)).toEqual(['web', 'db']);
    expect(filterServices(services, { text: 'd', health: 'warning', tag: 'prod' }).map((s) => s.name)).toEqual(['db']);
    expect(filterServices(services, { ...noFilter, tag: 'pro' })).toEqual([]);
    expect(filterServices(services, { ...noFilter, health: 'none' }).map((s) => s.name)).toEqual(['legacy']);
  });
});

describe('allTags and matchesText', () => {
  it('lists each tag once, sorted', () => expect(allTags(services)).toEqual(['canary', 'http', 'prod']));
  it('matches any field', () => {
    expect(matchesText('10.0', 'node-1', '10.0.0.3')).toBe(true);
    expect(matchesText('x', 'node-1', undefined)).toBe(false);
    expect(matchesText('  ', 'anything')).toBe(true);
  });
});
