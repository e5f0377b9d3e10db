import { useContext } from 'preact/hooks';
import { createContext } from 'preact';
import { useApp } from '../app/context';
import { plotLines, type HealthHistory } from '../health/history';
import { countChecks } from '../health/status';

export const HISTORY_WINDOW_MS = 10 * 60_000;

/** The history sampled by the app shell (it keeps sampling while other views are shown). */
export const HistoryContext = createContext<{ history: HealthHistory; now: number } | null>(null);

export function HealthGlance({ large = false }: { large?: boolean }) {
  const { checks } = useApp();
  const sampled = useContext(HistoryContext);
  if (!checks) return <span class="muted">health: …</span>;
  const counts = countChecks(checks);
  const width = large ? 320 : 120;
  const height = large ? 80 : 24;
  const lines = sampled ? plotLines(sampled.history.list(), sampled.now, HISTORY_WINDOW_MS, width, height) : undefined;
  return (
    <div class={large ? 'glance glance-large' : 'glance'} data-testid={large ? 'health-glance-large' : 'health-glance'}>
      <a href="#/services" class="counts" aria-label={`Checks: ${counts.passing} passing, ${counts.warning} warning, ${counts.critical} critical`}>
        <span class="badge badge-passing" data-testid="count-passing">{counts.passing}</span>
        <span class="badge badge-warning" data-testid="count-warning">{counts.warning}</span>
        <span class="badge badge-critical" data-testid="count-critical">{counts.critical}</span>
      </a>
      {lines ? (
        <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Check counts over the last 10 minutes, up to ${lines.max}`} data-testid="health-plot">
          <polyline points={lines.passing} class="line-passing" />
          <polyline points={lines.warning} class="line-warning" />
          <polyline points={lines.critical} class="line-critical" />
        </svg>
      ) : null}
    </div>
  );
}
