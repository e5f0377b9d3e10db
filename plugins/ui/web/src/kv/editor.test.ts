import { describe, expect, it } from 'vitest';
import type { KvEntry } from '../api/types';
import { casIndex, editorReducer, fromEntry, type EditorEvent, type EditorState } from './editor';

const entry = (ModifyIndex: number, value: string, Flags = 0): KvEntry => ({ Key: 'k', Value: btoa(value), Flags, LockIndex: 0, CreateIndex: 1, ModifyIndex });
const run = (state: EditorState, ...events: EditorEvent[]) => events.reduce(editorReducer, state);

describe('KV editor state', () => {
  it('follows remote updates while the draft is clean', () => {
    const s = run(fromEntry(entry(5, 'a')), { type: 'remote', entry: entry(6, 'b', 3) });
    expect(s).toMatchObject({ draft: 'b', flags: '3', dirty: false });
    expect(casIndex(s)).toBe(6);
  });

  it('shows a concurrent change instead of replacing a dirty draft, and keeps the old CAS index', () => {
    const s = run(fromEntry(entry(5, 'a')), { type: 'edit', draft: 'mine' }, { type: 'remote', entry: entry(9, 'theirs') });
    expect(s.draft).toBe('mine');
    expect(s.remoteChange?.current?.ModifyIndex).toBe(9);
    expect(casIndex(s)).toBe(5);
  });

  it('clears the notice when the same version comes back', () => {
    const s = run(fromEntry(entry(5, 'a')), { type: 'edit', draft: 'x' }, { type: 'remote', entry: entry(5, 'a') });
    expect(s.remoteChange).toBeUndefined();
  });

  it('on conflict, taking theirs discards the draft', () => {
    const s = run(fromEntry(entry(5, 'a')), { type: 'edit', draft: 'mine' }, { type: 'conflict', current: entry(7, 'theirs') }, { type: 'takeTheirs' });
    expect(s).toMatchObject({ draft: 'theirs', dirty: false });
    expect(s.conflict).toBeUndefined();
    expect(casIndex(s)).toBe(7);
  });

  it('on conflict, overwriting rebases the draft on the stored version', () => {
    const s = run(fromEntry(entry(5, 'a')), { type: 'edit', draft: 'mine' }, { type: 'conflict', current: entry(7, 'theirs') }, { type: 'overwrite' });
    expect(s).toMatchObject({ draft: 'mine', dirty: true });
    expect(s.conflict).toBeUndefined();
    expect(casIndex(s)).toBe(7);
  });

  it('overwriting a key deleted meanwhile recreates it with cas=0', () => {
    const s = run(fromEntry(entry(5, 'a')), { type: 'edit', draft: 'mine' }, { type: 'conflict', current: null }, { type: 'overwrite' });
    expect(casIndex(s)).toBe(0);
  });

  it('a new key starts empty with cas=0; saving makes it clean', () => {
    const s = run(fromEntry(null), { type: 'edit', draft: 'v' }, { type: 'flags', flags: '2' });
    expect(casIndex(s)).toBe(0);
    expect(run(s, { type: 'saved' })).toMatchObject({ dirty: false, draft: 'v' });
  });

  it('marks values that are not UTF-8 as binary', () => {
    expect(fromEntry({ ...entry(1, ''), Value: btoa('\xff\xfe') })).toMatchObject({ binary: true, draft: btoa('\xff\xfe') });
  });
});
