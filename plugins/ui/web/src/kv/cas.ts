// Check-and-set writes: every save and delete names the ModifyIndex the user started from, so a change
// made meanwhile by someone else is reported back instead of silently overwritten.

import { encodePath, type ConsulClient } from '../api/client';
import type { KvEntry } from '../api/types';

export type CasResult =
  | { kind: 'saved' }
  /** Someone else changed (or deleted, current = null) the key since modifyIndex. */
  | { kind: 'conflict'; current: KvEntry | null };

export interface KvSave {
  key: string;
  value: string;
  flags: number;
  /** The ModifyIndex the edit started from; 0 creates the key only if it does not exist. */
  modifyIndex: number;
  dc?: string;
}

export async function readEntry(client: ConsulClient, key: string, dc?: string): Promise<KvEntry | null> {
  const { data } = await client.queryOptional<KvEntry[]>(`/v1/kv/${encodePath(key)}`, { dc });
  return data && data.length > 0 ? data[0] : null;
}

export async function saveEntry(client: ConsulClient, save: KvSave): Promise<CasResult> {
  const ok = await client.put<boolean>(`/v1/kv/${encodePath(save.key)}`, { cas: save.modifyIndex, flags: save.flags || undefined, dc: save.dc }, save.value);
  if (ok === true) return { kind: 'saved' };
  return { kind: 'conflict', current: await readEntry(client, save.key, save.dc) };
}

export async function deleteEntry(client: ConsulClient, key: string, modifyIndex: number, dc?: string): Promise<CasResult> {
  const ok = await client.delete<boolean>(`/v1/kv/${encodePath(key)}`, { cas: modifyIndex, dc });
  if (ok === true) return { kind: 'saved' };
  return { kind: 'conflict', current: await readEntry(client, key, dc) };
}

/** Deletes a folder and everything under it (no CAS: Consul has none for recursive deletes). */
export async function deleteFolder(client: ConsulClient, prefix: string, dc?: string): Promise<void> {
  await client.delete<boolean>(`/v1/kv/${encodePath(prefix)}`, { recurse: true, dc });
}
