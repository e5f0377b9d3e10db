import { useMemo, useState } from 'preact/hooks';
import type { CatalogNode } from '../api/types';
import { dcParam, useApp } from '../app/context';
import { summariseNodes, type NodeSummary } from '../health/summaries';
import { matchesText, type HealthFilter } from '../services/filter';
import { ErrorNote, Loading, StatusBadge } from '../ui/common';
import { href } from '../ui/route';
import { useBlocking } from '../ui/useBlocking';
import { VirtualList, type Column } from '../ui/VirtualList';

const columns: Column<NodeSummary>[] = [
  { title: 'Node', width: 'minmax(10rem, 2fr)', render: (n) => <a href={href({ view: 'node', name: n.node.Node })} data-testid="node-link">{n.node.Node}</a> },
  { title: 'Health', width: '8rem', render: (n) => <StatusBadge status={n.status} /> },
  { title: 'Address', width: 'minmax(8rem, 1fr)', render: (n) => <span data-testid="node-address">{n.node.Address}</span> },
  { title: 'Datacenter', width: '8rem', render: (n) => n.node.Datacenter },
  {
    title: 'Checks',
    width: 'minmax(8rem, 1fr)',
    render: (n) => (
      <span class="muted">
        {n.checks.passing} ok, {n.checks.warning} warn, {n.checks.critical} crit
      </span>
    ),
  },
];

export function NodesView() {
  const { client, dc, checks, checksError } = useApp();
  const catalog = useBlocking<CatalogNode[]>(client, '/v1/catalog/nodes', dcParam(dc));
  const [text, setText] = useState('');
  const [health, setHealth] = useState<HealthFilter>('all');
  const nodes = useMemo(() => summariseNodes(catalog.data ?? [], checks ?? []), [catalog.data, checks]);
  const shown = useMemo(
    () => nodes.filter((n) => (health === 'all' || n.status === health) && matchesText(text, n.node.Node, n.node.Address, n.node.Datacenter)),
    [nodes, text, health],
  );
  return (
    <main aria-labelledby="nodes-title" data-testid="nodes-view">
      <h1 id="nodes-title">Nodes</h1>
      <form class="filters" role="search" aria-label="Filter nodes" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input type="search" value={text} placeholder="name or address" data-testid="node-search" onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <label>
          Health
          <select value={health} data-testid="node-health-filter" onChange={(e) => setHealth(e.currentTarget.value as HealthFilter)}>
            <option value="all">all</option>
            <option value="passing">passing</option>
            <option value="warning">warning</option>
            <option value="critical">critical</option>
            <option value="none">no checks</option>
          </select>
        </label>
        <span class="muted" aria-live="polite" data-testid="node-count">
          {shown.length} of {nodes.length} nodes
        </span>
      </form>
      <ErrorNote error={catalog.error ?? checksError} retryInMs={catalog.retryInMs} />
      {catalog.loading && !catalog.data ? (
        <Loading what="nodes" />
      ) : (
        <VirtualList
          items={shown}
          columns={columns}
          label="Nodes"
          testId="node-list"
          rowKey={(n) => n.node.Node}
          onActivate={(n) => (location.hash = href({ view: 'node', name: n.node.Node }))}
          empty="No node matches."
        />
      )}
    </main>
  );
}
