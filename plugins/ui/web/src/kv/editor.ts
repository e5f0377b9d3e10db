// The KV editor's state: what the edit started from (base, whose ModifyIndex every save sends as ?cas=),
// the user's draft, and what the cluster says meanwhile. A change made elsewhere never replaces a dirty
// draft: it is shown, and the user picks theirs or overwrites knowingly.

import type { KvEntry } from '../api/types';
import { decodeValue } from './value';

export interface EditorState {
  /** The stored entry the draft is based on; null when creating a key. */
  base: KvEntry | null;
  draft: string;
  flags: string;
  /** The stored value is not UTF-8: shown as base64, not editable as text. */
  binary: boolean;
  dirty: boolean;
  /** A newer stored version (or null: deleted) seen while the draft was dirty. */
  remoteChange?: { current: KvEntry | null };
  /** A save or delete was refused because the key changed; current is what is stored now. */
  conflict?: { current: KvEntry | null };
}

export type EditorEvent =
  | { type: 'remote'; entry: KvEntry | null }
  | { type: 'edit'; draft: string }
  | { type: 'flags'; flags: string }
  | { type: 'saved' }
  | { type: 'conflict'; current: KvEntry | null }
  | { type: 'takeTheirs' }
  | { type: 'overwrite' };

export function fromEntry(entry: KvEntry | null): EditorState {
  const decoded = decodeValue(entry?.Value);
  return {
    base: entry,
    draft: decoded.kind === 'text' ? decoded.text : decoded.base64,
    flags: String(entry?.Flags ?? 0),
    binary: decoded.kind === 'binary',
    dirty: false,
  };
}

const sameVersion = (a: KvEntry | null, b: KvEntry | null) => (a?.ModifyIndex ?? 0) === (b?.ModifyIndex ?? 0);

export function editorReducer(state: EditorState, event: EditorEvent): EditorState {
  switch (event.type) {
    case 'remote':
      if (!state.dirty) return { ...fromEntry(event.entry), conflict: state.conflict };
      if (sameVersion(state.base, event.entry)) return { ...state, remoteChange: undefined };
      return { ...state, remoteChange: { current: event.entry } };
    case 'edit':
      return { ...state, draft: event.draft, dirty: true };
    case 'flags':
      return { ...state, flags: event.flags, dirty: true };
    case 'saved':
      return { ...state, dirty: false, remoteChange: undefined, conflict: undefined };
    case 'conflict':
      return { ...state, conflict: { current: event.current } };
    case 'takeTheirs': {
      const theirs = state.conflict?.current ?? state.remoteChange?.current ?? null;
      return fromEntry(theirs);
    }
    case 'overwrite': {
      // Rebase the draft on what is stored now, so the next CAS save replaces exactly that version.
      const theirs = state.conflict ? state.conflict.current : state.remoteChange ? state.remoteChange.current : state.base;
      return { ...state, base: theirs, dirty: true, remoteChange: undefined, conflict: undefined };
    }
  }
}

/** The ModifyIndex a save must name: the base's, or 0 to create only if absent. */
export function casIndex(state: EditorState): number {
  return state.base?.ModifyIndex ?? 0;
}
