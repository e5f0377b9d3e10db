import { useMemo, useState } from 'preact/hooks';
import { dcParam, useApp } from '../app/context';
import { summariseServices, type ServiceSummary } from '../health/summaries';
import { allTags, filterServices, noFilter, type HealthFilter, type ServiceFilter } from '../services/filter';
import { ErrorNote, Loading, StatusBadge, Tags } from '../ui/common';
import { href } from '../ui/route';
import { useBlocking } from '../ui/useBlocking';
import { VirtualList, type Column } from '../ui/VirtualList';

const columns: Column<ServiceSummary>[] = [
  { title: 'Service', width: 'minmax(10rem, 2fr)', render: (s) => <a href={href({ view: 'service', name: s.name })} data-testid="service-link">{s.name}</a> },
  { title: 'Health', width: '8rem', render: (s) => <StatusBadge status={s.status} /> },
  {
    title: 'Instances',
    width: 'minmax(10rem, 1fr)',
    render: (s) => (
      <span data-testid="instances">
        {/* Instances are counted from their checks: without any, "0" would wrongly read as "none registered". */}
        {s.instances > 0 ? s.instances : <span class="muted" title="instances are counted from their checks, and this service has none">–</span>}
        {s.instances > 0 ? (
          <span class="muted">
            {' '}
            ({s.byStatus.passing} ok{s.byStatus.warning ? `, ${s.byStatus.warning} warn` : ''}
            {s.byStatus.critical ? `, ${s.byStatus.critical} crit` : ''})
          </span>
        ) : null}
      </span>
    ),
  },
  { title: 'Tags', width: 'minmax(10rem, 2fr)', render: (s) => <Tags tags={s.tags} /> },
];

export function ServicesView() {
  const { client, dc, checks, checksError } = useApp();
  const catalog = useBlocking<Record<string, string[] | null>>(client, '/v1/catalog/services', dcParam(dc));
  const [filter, setFilter] = useState<ServiceFilter>(noFilter);
  const services = useMemo(() => (catalog.data ? summariseServices(catalog.data, checks ?? []) : []), [catalog.data, checks]);
  const tags = useMemo(() => allTags(services), [services]);
  const shown = useMemo(() => filterServices(services, filter), [services, filter]);

  return (
    <main aria-labelledby="services-title" data-testid="services-view">
      <h1 id="services-title">Services</h1>
      <form class="filters" role="search" aria-label="Filter services" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input type="search" value={filter.text} placeholder="name or tag" data-testid="service-search" onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })} />
        </label>
        <label>
          Health
          <select value={filter.health} data-testid="service-health-filter" onChange={(e) => setFilter({ ...filter, health: e.currentTarget.value as HealthFilter })}>
            <option value="all">all</option>
            <option value="passing">passing</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
            <option value="none">no checks</option>
          </select>
        </label>
        <label>
          Tag
          <select value={filter.tag} data-testid="service-tag-filter" onChange={(e) => setFilter({ ...filter, tag: e.currentTarget.value })}>
            <option value="">any</option>
            {tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <span class="muted" aria-live="polite" data-testid="service-count">
          {shown.length} of {services.length} services
        </span>
      </form>
      <ErrorNote error={catalog.error ?? checksError} retryInMs={catalog.retryInMs} />
      {catalog.loading && !catalog.data ? (
        <Loading what="services" />
      ) : (
        <VirtualList
          items={shown}
          columns={columns}
          label="Services"
          testId="service-list"
          rowKey={(s) => s.name}
          onActivate={(s) => (location.hash = href({ view: 'service', name: s.name }))}
          empty="No service matches."
        />
      )}
    </main>
  );
}
