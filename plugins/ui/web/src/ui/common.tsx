import type { ComponentChildren } from 'preact';
import type { CheckStatus, HealthCheck } from '../api/types';
import { normaliseStatus } from '../health/status';

export function StatusBadge({ status }: { status: CheckStatus | 'none' | string }) {
  const s = status === 'none' ? 'none' : normaliseStatus(status);
  const label = s === 'none' ? 'no checks' : s;
  return (
    <span class={`badge badge-${s}`} data-testid="status" data-status={s}>
      <span aria-hidden="true">{s === 'passing' ? '✔' : s === 'warning' ? '!' : s === 'critical' ? '✖' : '–'}</span> {label}
    </span>
  );
}

/** A folder or document outline; drawn rather than an emoji, which needs a colour-emoji font to show. */
export function KindIcon({ folder }: { folder: boolean }) {
  return (
    <svg class="kind-icon" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      {folder ? <path d="M1 3.5h4l1.5 1.5H13v7H1z" /> : <path d="M3 1h5.5L11 3.5V13H3zM8.5 1v2.5H11" />}
    </svg>
  );
}

export function ErrorNote({ error, retryInMs }: { error?: string; retryInMs?: number }) {
  if (!error) return null;
  return (
    <p class="error" role="alert" data-testid="error">
      {error}
      {retryInMs ? ` — retrying in ${Math.round(retryInMs / 1000)} s` : ''}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function Tags({ tags }: { tags?: readonly string[] | null }) {
  if (!tags || tags.length === 0) return null;
  return (
    <span class="tags">
      {tags.map((t) => (
        <span class="tag" key={t}>
          {t}
        </span>
      ))}
    </span>
  );
}

export function CheckList({ checks, testId = 'checks' }: { checks: readonly HealthCheck[]; testId?: string }) {
  if (checks.length === 0) return <p class="muted">No checks.</p>;
  return (
    <ul class="checks" data-testid={testId}>
      {checks.map((c) => (
        <li key={`${c.Node}/${c.CheckID}`} data-testid="check" data-check-id={c.CheckID}>
          <StatusBadge status={c.Status} /> <strong>{c.Name}</strong> <span class="muted">{c.CheckID}</span>
          {c.Type ? <span class="muted"> ({c.Type})</span> : null}
          {c.Notes ? <p class="muted notes">{c.Notes}</p> : null}
          {c.Output ? (
            <details open={normaliseStatus(c.Status) !== 'passing'}>
              <summary>Output</summary>
              <pre>{c.Output}</pre>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function KeyValueTable({ entries, label, testId }: { entries: Record<string, unknown> | null | undefined; label: string; testId: string }) {
  const rows = Object.entries(entries ?? {});
  if (rows.length === 0) return <p class="muted">None.</p>;
  return (
    <table class="kvtable" data-testid={testId}>
      <caption class="sr-only">{label}</caption>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Section({ title, children, testId }: { title: string; children: ComponentChildren; testId?: string }) {
  return (
    <section aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
