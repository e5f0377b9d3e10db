import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ConsulClient } from './api/client';
import type { HealthCheck } from './api/types';
import { AppContext, dcParam, type AppState } from './app/context';
import { settings } from './app/storage';
import { HealthHistory } from './health/history';
import { countChecks } from './health/status';
import { parseRoute, type Route } from './ui/route';
import { useBlocking } from './ui/useBlocking';
import { HealthGlance, HistoryContext, HISTORY_WINDOW_MS } from './views/HealthGlance';
import { KvFolderView } from './views/KvFolder';
import { KvKeyView } from './views/KvKey';
import { NodeDetailView } from './views/NodeDetail';
import { NodesView } from './views/Nodes';
import { OverviewView } from './views/Overview';
import { ServiceDetailView } from './views/ServiceDetail';
import { ServicesView } from './views/Services';
import { TokenField } from './views/TokenField';
import './styles.css';

const SAMPLE_EVERY_MS = 15_000;

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'overview':
      return <OverviewView />;
    case 'services':
      return <ServicesView />;
    case 'service':
      return <ServiceDetailView key={route.name} name={route.name} />;
    case 'nodes':
      return <NodesView />;
    case 'node':
      return <NodeDetailView key={route.name} name={route.name} />;
    case 'kv-folder':
      return <KvFolderView key={route.prefix} prefix={route.prefix} />;
    case 'kv-key':
      return <KvKeyView key={route.key} keyName={route.key} />;
  }
}

const NAV: { label: string; hash: string; views: Route['view'][] }[] = [
  { label: 'Overview', hash: '#/overview', views: ['overview'] },
  { label: 'Services', hash: '#/services', views: ['services', 'service'] },
  { label: 'Nodes', hash: '#/nodes', views: ['nodes', 'node'] },
  { label: 'Key/Value', hash: '#/kv/', views: ['kv-folder', 'kv-key'] },
];

function App() {
  const route = useRoute();
  const [token, setToken] = useState(settings.token);
  const [dc, setDc] = useState(settings.dc);
  // A new client per token restarts every watch, so a request refused with the old token is retried at once.
  const client = useMemo(() => new ConsulClient({ token: () => token }), [token]);
  const datacenters = useBlocking<string[]>(client, '/v1/catalog/datacenters', {}, { minIntervalMs: 60_000 });
  const checks = useBlocking<HealthCheck[]>(client, '/v1/health/state/any', dcParam(dc));

  const history = useRef(new HealthHistory(HISTORY_WINDOW_MS));
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    history.current = new HealthHistory(HISTORY_WINDOW_MS);
  }, [dc]);
  useEffect(() => {
    if (!checks.data) return undefined;
    const counts = countChecks(checks.data);
    const sample = () => {
      const at = Date.now();
      history.current.add({ at, ...counts });
      setNow(at);
    };
    sample();
    // Keep the plot moving while nothing changes (the blocking query is then silent).
    const timer = setInterval(sample, SAMPLE_EVERY_MS);
    return () => clearInterval(timer);
  }, [checks.data]);

  const state: AppState = { client, dc, checks: checks.data, checksError: checks.error };
  const known = datacenters.data ?? [];
  const dcOptions = dc && !known.includes(dc) ? [dc, ...known] : known;

  return (
    <AppContext.Provider value={state}>
      <HistoryContext.Provider value={{ history: history.current, now }}>
        <a class="skip" href="#content" onClick={(e) => (e.preventDefault(), document.getElementById('content')?.focus())}>
          Skip to content
        </a>
        <header class="top">
          <strong class="brand">Muster</strong>
          <nav aria-label="Main">
            {NAV.map((n) => (
              <a key={n.hash} href={n.hash} aria-current={n.views.includes(route.view) ? 'page' : undefined} data-testid={`nav-${n.views[0]}`}>
                {n.label}
              </a>
            ))}
          </nav>
          <label class="dc">
            Datacenter
            <select
              value={dc}
              data-testid="dc-select"
              onChange={(e) => {
                const next = e.currentTarget.value;
                settings.setDc(next);
                setDc(next);
              }}
            >
              <option value="">agent's own</option>
              {dcOptions.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <HealthGlance />
          <TokenField
            token={token}
            onChange={(t) => {
              settings.setToken(t);
              setToken(t);
            }}
          />
        </header>
        <div id="content" tabIndex={-1} class="content">
          <View route={route} />
        </div>
      </HistoryContext.Provider>
    </AppContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
