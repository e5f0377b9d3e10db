import { describe, expect, it } from 'vitest';
import { ApiError, ConsulClient, encodePath, queryString } from './client';
import { fakeFetch } from './fake-fetch';

describe('queryString', () => {
  it('writes true as a bare flag and drops empty values', () => {
    expect(queryString({ keys: true, separator: '/', dc: undefined, stale: false, token: '' })).toBe('?keys&separator=%2F');
  });
  it('keeps a zero (cas=0 means create-only)', () => {
    expect(queryString({ cas: 0 })).toBe('?cas=0');
  });
  it('is empty without parameters', () => {
    expect(queryString({})).toBe('');
  });
});

describe('encodePath', () => {
  it('keeps slashes and escapes the rest', () => {
    expect(encodePath('app/config db/x?y')).toBe('app/config%20db/x%3Fy');
  });
});

describe('ConsulClient', () => {
  it('reads the blocking-query headers and sends index and wait', async () => {
    const fetch = fakeFetch({ body: ['a'], headers: { 'X-Consul-Index': '42', 'X-Consul-KnownLeader': 'true', 'X-Consul-LastContact': '7' } });
    const client = new ConsulClient({ fetch });
    const answer = await client.query<string[]>('/v1/catalog/services', { dc: 'dc2' }, { index: 41 });
    expect(answer).toEqual({ data: ['a'], meta: { index: 42, knownLeader: true, lastContactMs: 7 } });
    expect(fetch.calls[0].url).toBe('/v1/catalog/services?dc=dc2&index=41&wait=5m');
  });

  it('does not block when the index is 0', async () => {
    const fetch = fakeFetch({ body: [] });
    await new ConsulClient({ fetch }).query('/v1/catalog/nodes', {}, { index: 0 });
    expect(fetch.calls[0].url).toBe('/v1/catalog/nodes');
  });

  it('sends the current ACL token on every request', async () => {
    let token = 'first';
    const fetch = fakeFetch({ body: 1 }, { body: 2 }, { body: 3 });
    const client = new ConsulClient({ fetch, token: () => token });
    await client.query('/v1/status/leader');
    token = 'second';
    await client.put('/v1/kv/a', {}, 'x');
    token = '';
    await client.query('/v1/status/leader');
    expect(fetch.calls.map((c) => c.headers['X-Consul-Token'])).toEqual(['first', 'second', undefined]);
  });

  it('turns an error status into an ApiError carrying Consul\'s text', async () => {
    const fetch = fakeFetch({ status: 403, text: 'Permission denied: token with AccessorID lacks permission' });
    const error = await new ConsulClient({ fetch }).query('/v1/kv/secret').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(403);
    expect(error.message).toBe('403 from GET /v1/kv/secret: Permission denied: token with AccessorID lacks permission');
  });

  it('treats 404 as empty in queryOptional but not in query', async () => {
    const fetch = fakeFetch({ status: 404 }, { status: 404 });
    const client = new ConsulClient({ fetch });
    expect((await client.queryOptional('/v1/kv/missing')).data).toBeNull();
    await expect(client.query('/v1/kv/missing')).rejects.toThrow(ApiError);
  });

  it('keeps the index of a 404 so a blocking query can wait for the key to appear', async () => {
    const fetch = fakeFetch({ status: 404, headers: { 'X-Consul-Index': '77' } });
    const answer = await new ConsulClient({ fetch }).queryOptional('/v1/kv/later', {}, { index: 70 });
    expect(answer).toEqual({ data: null, meta: { index: 77, knownLeader: true, lastContactMs: 0 } });
    expect(fetch.calls[0].url).toBe('/v1/kv/later?index=70&wait=5m');
  });

  it('PUTs the raw body and parses the boolean answer', async () => {
    const fetch = fakeFetch({ text: 'false' });
    const ok = await new ConsulClient({ fetch }).put<boolean>('/v1/kv/a', { cas: 5 }, '{"x":1}');
    expect(ok).toBe(false);
    expect(fetch.calls[0]).toMatchObject({ method: 'PUT', url: '/v1/kv/a?cas=5', body: '{"x":1}' });
  });
});
