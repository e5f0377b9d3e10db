import { useEffect, useReducer, useState } from 'preact/hooks';
import { encodePath } from '../api/client';
import type { KvEntry, SessionInfo } from '../api/types';
import { dcParam, useApp } from '../app/context';
import { deleteEntry, readEntry, saveEntry } from '../kv/cas';
import { casIndex, editorReducer, fromEntry } from '../kv/editor';
import { breadcrumbs, parentFolder } from '../kv/tree';
import { checkJson, decodeValue, looksLikeJson, parseFlags } from '../kv/value';
import { ErrorNote, Loading } from '../ui/common';
import { href } from '../ui/route';
import { useBlocking } from '../ui/useBlocking';

function preview(entry: KvEntry | null): string {
  if (!entry) return '(deleted)';
  const v = decodeValue(entry.Value);
  return v.kind === 'text' ? v.text : `(binary) ${v.base64}`;
}

export function KvKeyView({ keyName }: { keyName: string }) {
  const { client, dc } = useApp();
  const stored = useBlocking<KvEntry[] | null>(client, `/v1/kv/${encodePath(keyName)}`, dcParam(dc), { optional: true });
  const [state, dispatch] = useReducer(editorReducer, fromEntry(null));
  const [mode, setMode] = useState<'text' | 'json'>('text');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const current = stored.data === undefined ? undefined : (stored.data?.[0] ?? null);

  useEffect(() => {
    if (current === undefined) return;
    dispatch({ type: 'remote', entry: current });
  }, [current?.ModifyIndex, current === null]);

  useEffect(() => {
    if (!current || state.dirty) return;
    const value = decodeValue(current.Value);
    setMode(value.kind === 'text' && looksLikeJson(value.text) ? 'json' : 'text');
  }, [current?.ModifyIndex]);

  const session = useBlocking<SessionInfo[] | null>(client, current?.Session ? `/v1/session/info/${encodePath(current.Session)}` : null, dcParam(dc), { optional: true });
  const json = mode === 'json' ? checkJson(state.draft) : undefined;
  const flags = parseFlags(state.flags);
  const canSave = !busy && !state.binary && flags !== undefined && (json === undefined || json.ok) && (state.dirty || state.base === null);

  async function save(event: Event) {
    event.preventDefault();
    if (!canSave || flags === undefined) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await saveEntry(client, { key: keyName, value: state.draft, flags, modifyIndex: casIndex(state), ...dcParam(dc) });
      if (result.kind === 'saved') {
        dispatch({ type: 'saved' });
        dispatch({ type: 'remote', entry: await readEntry(client, keyName, dc || undefined) });
        setMessage('Saved.');
      } else {
        dispatch({ type: 'conflict', current: result.current });
      }
    } catch (error) {
      setMessage(`Could not save ${keyName}: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!state.base || !confirm(`Delete ${keyName}?`)) return;
    setBusy(true);
    try {
      const result = await deleteEntry(client, keyName, casIndex(state), dc || undefined);
      if (result.kind === 'saved') location.hash = href({ view: 'kv-folder', prefix: parentFolder(keyName) });
      else dispatch({ type: 'conflict', current: result.current });
    } catch (error) {
      setMessage(`Could not delete ${keyName}: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  const creating = current === null && state.base === null;
  const change = state.conflict ?? state.remoteChange;

  return (
    <main aria-labelledby="kv-key-title" data-testid="kv-key">
      <nav aria-label="Folder path" class="crumbs">
        {breadcrumbs(parentFolder(keyName)).map((c) => (
          <span key={c.prefix}>
            <a href={href({ view: 'kv-folder', prefix: c.prefix })}>{c.name}</a> /{' '}
          </span>
        ))}
      </nav>
      <h1 id="kv-key-title">{keyName}</h1>
      <ErrorNote error={stored.error} retryInMs={stored.retryInMs} />
      {current === undefined ? <Loading what="key" /> : null}
      {creating ? <p class="muted" data-testid="kv-creating">New key: it is created when you save.</p> : null}
      {state.base ? (
        <dl class="facts" data-testid="kv-meta">
          <dt>ModifyIndex</dt>
          <dd>{state.base.ModifyIndex}</dd>
          <dt>CreateIndex</dt>
          <dd>{state.base.CreateIndex}</dd>
          <dt>LockIndex</dt>
          <dd>{state.base.LockIndex}</dd>
          <dt>Lock</dt>
          <dd data-testid="kv-lock">
            {current?.Session ? (
              <>
                held by session <code>{current.Session}</code>
                {session.data?.[0] ? ` (${session.data[0].Name || 'unnamed'} on node ${session.data[0].Node})` : ''}
              </>
            ) : (
              'not locked'
            )}
          </dd>
        </dl>
      ) : null}
      {change ? (
        <div class="conflict" role="alert" data-testid={state.conflict ? 'kv-conflict' : 'kv-remote-change'}>
          <p>
            {state.conflict ? 'Not saved: ' : ''}
            {change.current ? `this key was changed elsewhere (now at ModifyIndex ${change.current.ModifyIndex}).` : 'this key was deleted elsewhere.'}
          </p>
          <details open>
            <summary>Stored value now</summary>
            <pre data-testid="kv-theirs">{preview(change.current)}</pre>
          </details>
          <button type="button" onClick={() => dispatch({ type: 'takeTheirs' })} data-testid="kv-take-theirs">
            Discard my edit, load theirs
          </button>{' '}
          <button type="button" class="danger" onClick={() => dispatch({ type: 'overwrite' })} data-testid="kv-overwrite">
            Keep my edit (then save to overwrite)
          </button>
        </div>
      ) : null}
      {current !== undefined ? (
        <form onSubmit={save} class="editor" aria-label={`Edit ${keyName}`}>
          <fieldset class="modes">
            <legend>Format</legend>
            <label>
              <input type="radio" name="mode" checked={mode === 'text'} onChange={() => setMode('text')} data-testid="kv-mode-text" /> text
            </label>
            <label>
              <input type="radio" name="mode" checked={mode === 'json'} onChange={() => setMode('json')} data-testid="kv-mode-json" /> JSON
            </label>
            {json?.ok ? (
              <button type="button" onClick={() => dispatch({ type: 'edit', draft: json.formatted })}>
                Format JSON
              </button>
            ) : null}
          </fieldset>
          <label for="kv-value">Value{state.binary ? ' (binary, base64, read-only)' : ''}</label>
          <textarea
            id="kv-value"
            rows={14}
            value={state.draft}
            readOnly={state.binary}
            spellcheck={false}
            aria-invalid={json && !json.ok ? true : undefined}
            aria-describedby={json && !json.ok ? 'kv-json-error' : undefined}
            onInput={(e) => dispatch({ type: 'edit', draft: e.currentTarget.value })}
            data-testid="kv-value"
          />
          {json && !json.ok ? (
            <p id="kv-json-error" class="error" data-testid="kv-json-error">
              {json.error}
            </p>
          ) : null}
          <label>
            Flags
            <input
              inputMode="numeric"
              value={state.flags}
              aria-invalid={flags === undefined ? true : undefined}
              onInput={(e) => dispatch({ type: 'flags', flags: e.currentTarget.value })}
              data-testid="kv-flags"
            />
          </label>
          {flags === undefined ? <p class="error">Flags must be a non-negative integer.</p> : null}
          <div class="actions">
            <button type="submit" disabled={!canSave} data-testid="kv-save">
              {creating ? 'Create' : 'Save'}
            </button>
            {state.base ? (
              <button type="button" class="danger" disabled={busy} onClick={remove} data-testid="kv-delete">
                Delete
              </button>
            ) : null}
            {message ? (
              <span role="status" data-testid="kv-message">
                {message}
              </span>
            ) : null}
          </div>
        </form>
      ) : null}
    </main>
  );
}
