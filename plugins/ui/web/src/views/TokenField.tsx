import { useState } from 'preact/hooks';

/** The ACL token sent as X-Consul-Token; kept in localStorage like Consul's own UI does. */
export function TokenField({ token, onChange }: { token: string; onChange(token: string): void }) {
  const [draft, setDraft] = useState(token);
  return (
    <form
      class="token"
      aria-label="ACL token"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(draft.trim());
      }}
    >
      <label>
        ACL token
        <input type="password" autoComplete="off" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} data-testid="token-input" />
      </label>
      <button type="submit" disabled={draft.trim() === token} data-testid="token-save">
        {draft.trim() === token ? 'In use' : 'Use'}
      </button>
      {token ? (
        <button
          type="button"
          onClick={() => {
            setDraft('');
            onChange('');
          }}
          data-testid="token-clear"
        >
          Clear
        </button>
      ) : null}
    </form>
  );
}
