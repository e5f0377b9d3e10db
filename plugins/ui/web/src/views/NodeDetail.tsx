import { encodePath } from '../api/client';
import type { AgentSelf, CatalogNodeServices, HealthCheck } from '../api/types';
import { dcParam, useApp } from '../app/context';
import { type CoordinateEntry, describeRtt, rttMillis } from '../coordinates/rtt';
import { aggregate } from '../health/status';
import { CheckList, ErrorNote, KeyValueTable, Loading, Section, StatusBadge, Tags } from '../ui/common';
import { href } from '../ui/route';
import { useBlocking } from '../ui/useBlocking';

export function NodeDetailView({ name }: { name: string }) {
  const { client, dc } = useApp();
  const catalog = useBlocking<CatalogNodeServices | null>(client, `/v1/catalog/node/${encodePath(name)}`, dcParam(dc), { optional: true });
  const health = useBlocking<HealthCheck[]>(client, `/v1/health/node/${encodePath(name)}`, dcParam(dc));
  // RTT only means something within the agent's own datacenter (LAN coordinates)
  const self = useBlocking<AgentSelf>(client, dc ? null : '/v1/agent/self', {}, { minIntervalMs: 60_000 });
  const coordinates = useBlocking<CoordinateEntry[]>(client, dc ? null : '/v1/coordinate/nodes', {});
  const agentNode = typeof self.data?.Config?.NodeName === 'string' ? self.data.Config.NodeName : undefined;
  const rtt = agentNode && coordinates.data ? rttMillis(coordinates.data, agentNode, name) : null;
  const node = catalog.data?.Node;
  const services = Object.values(catalog.data?.Services ?? {}).sort((a, b) => a.ID.localeCompare(b.ID));
  const checks = health.data ?? [];
  return (
    <main aria-labelledby="node-title" data-testid="node-detail">
      <p>
        <a href={href({ view: 'nodes' })}>← All nodes</a>
      </p>
      <h1 id="node-title">
        {name} {health.data ? <StatusBadge status={aggregate(checks) ?? 'none'} /> : null}
      </h1>
      <ErrorNote error={catalog.error ?? health.error} retryInMs={catalog.retryInMs ?? health.retryInMs} />
      {catalog.loading && !catalog.data ? <Loading what="node" /> : null}
      {!catalog.loading && catalog.data === null ? <p role="status">Node "{name}" is not in the catalog.</p> : null}
      {node ? (
        <dl class="facts" data-testid="node-facts">
          <dt>Address</dt>
          <dd>{node.Address}</dd>
          <dt>Datacenter</dt>
          <dd>{node.Datacenter}</dd>
          {!dc && coordinates.data && agentNode ? (
            <>
              <dt>Network</dt>
              <dd data-testid="node-rtt">{describeRtt(rtt)}</dd>
            </>
          ) : null}
          {node.ID ? (
            <>
              <dt>ID</dt>
              <dd>{node.ID}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <Section title="Services" testId="node-services">
        {services.length === 0 ? (
          <p class="muted">No services.</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Service</th>
                <th scope="col">Address</th>
                <th scope="col">Tags</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.ID} data-testid="node-service">
                  <td>{s.ID}</td>
                  <td>
                    <a href={href({ view: 'service', name: s.Service })}>{s.Service}</a>
                  </td>
                  <td>
                    {s.Address || node?.Address}:{s.Port}
                  </td>
                  <td>
                    <Tags tags={s.Tags} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Checks">
        <CheckList checks={checks} testId="node-checks" />
      </Section>
      <Section title="Meta">
        <KeyValueTable entries={node?.Meta} label="Node meta" testId="node-meta" />
      </Section>
    </main>
  );
}
