import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { useApp } from '../app/context';
import { plotLines, type HealthHistory } from '../health/history';
import { countChecks } from '../health/status';

export const HISTORY_WINDOW_MS = 10 * 60_000;

/** The history sampled by the app shell (it keeps sampling while other views are shown). */
export const HistoryContext = createContext<{ history: HealthHistory; now: number } | null>(null);

const STATUSES = ['passing', 'warning', 'critical'] as const;

/** Check counts by state; `large` adds a sparkline per state over the last ten minutes. */
export function HealthGlance({ large = false }: { large?: boolean }) {
  const { checks } = useApp();
  const sampled = useContext(HistoryContext);
  if (!checks) return <span class="muted">health: …</span>;
  const counts = countChecks(checks);
  const width = 240;
  const height = 28;
  const lines = large && sampled ? plotLines(sampled.history.list(), sampled.now, HISTORY_WINDOW_MS, width, height) : undefined;
  const summary = `Checks: ${counts.passing} passing, ${counts.warning} warning, ${counts.critical} critical`;
  if (!lines) {
    return (
      <a href="#/overview" class="glance counts" aria-label={summary} title={summary} data-testid="health-glance">
        {STATUSES.map((s) => (
          <span key={s} class={`badge badge-${s}`} data-testid={`count-${s}`}>
            {counts[s]}
          </span>
        ))}
      </a>
    );
  }
  return (
    <table class="glance-large" data-testid="health-glance-large">
      <caption class="sr-only">{summary}, with the last ten minutes</caption>
      <tbody>
        {STATUSES.map((s) => (
          <tr key={s}>
            <th scope="row">
              <span class={`badge badge-${s}`} data-testid={`glance-${s}`}>
                {counts[s]} {s}
              </span>
            </th>
            <td>
              <svg width={width} height={height} viewBox={`-2 -2 ${width + 4} ${height + 4}`} role="img" aria-label={`${s} checks over the last 10 minutes, peak ${lines[s].max}`} data-testid={`plot-${s}`}>
                <polyline points={lines[s].points} class={`line-${s}`} />
                {lines[s].end ? <circle cx={lines[s].end.x} cy={lines[s].end.y} r={2.5} class={`dot-${s}`} /> : null}
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
