import { describe, expect, it } from 'vitest';
import { ConsulClient } from '../api/client';
import { fakeFetch } from '../api/fake-fetch';
import type { KvEntry } from '../api/types';
import { deleteEntry, deleteFolder, readEntry, saveEntry } from './cas';

const entry = (ModifyIndex: number, value: string): KvEntry => ({
  Key: 'app/config',
  Value: btoa(value),
  Flags: 0,
  LockIndex: 0,
  CreateIndex: 3,
  ModifyIndex,
});

describe('CAS writes', () => {
  it('saves with the ModifyIndex the edit started from', async () => {
    const fetch = fakeFetch({ text: 'true' });
    const result = await saveEntry(new ConsulClient({ fetch }), { key: 'app/config', value: 'v2', flags: 7, modifyIndex: 12, dc: 'dc1' });
    expect(result).toEqual({ kind: 'saved' });
    expect(fetch.calls[0]).toMatchObject({ method: 'PUT', url: '/v1/kv/app/config?cas=12&flags=7&dc=dc1', body: 'v2' });
  });

  it('reports a concurrent change with the value now stored instead of overwriting it', async () => {
    const theirs = entry(15, 'theirs');
    const fetch = fakeFetch({ text: 'false' }, { body: [theirs], headers: { 'X-Consul-Index': '15' } });
    const result = await saveEntry(new ConsulClient({ fetch }), { key: 'app/config', value: 'mine', flags: 0, modifyIndex: 12 });
    expect(result).toEqual({ kind: 'conflict', current: theirs });
    expect(fetch.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['PUT /v1/kv/app/config?cas=12', 'GET /v1/kv/app/config']);
  });

  it('creates with cas=0 and reports a key created meanwhile as a conflict', async () => {
    const fetch = fakeFetch({ text: 'false' }, { body: [entry(20, 'first')] });
    const result = await saveEntry(new ConsulClient({ fetch }), { key: 'app/config', value: 'x', flags: 0, modifyIndex: 0 });
    expect(fetch.calls[0].url).toBe('/v1/kv/app/config?cas=0');
    expect(result.kind === 'conflict' && result.current?.ModifyIndex).toBe(20);
  });

  it('reports a key deleted meanwhile as a conflict with no current value', async () => {
    const fetch = fakeFetch({ text: 'false' }, { status: 404 });
    expect(await deleteEntry(new ConsulClient({ fetch }), 'app/config', 12)).toEqual({ kind: 'conflict', current: null });
    expect(fetch.calls[0]).toMatchObject({ method: 'DELETE', url: '/v1/kv/app/config?cas=12' });
  });

  it('deletes a folder recursively and reads single entries', async () => {
    const fetch = fakeFetch({ text: 'true' }, { body: [entry(4, 'v')] }, { status: 404 });
    const client = new ConsulClient({ fetch });
    await deleteFolder(client, 'app/');
    expect(fetch.calls[0].url).toBe('/v1/kv/app/?recurse');
    expect((await readEntry(client, 'app/config'))?.ModifyIndex).toBe(4);
    expect(await readEntry(client, 'gone')).toBeNull();
  });

  it('propagates a permission error rather than calling it a conflict', async () => {
    const fetch = fakeFetch({ status: 403, text: 'Permission denied' });
    await expect(saveEntry(new ConsulClient({ fetch }), { key: 'k', value: '', flags: 0, modifyIndex: 1 })).rejects.toThrow('403');
  });
});
