import { encodePath } from '../api/client';
import type { ServiceEntry } from '../api/types';
import { dcParam, useApp } from '../app/context';
import { aggregate } from '../health/status';
import { CheckList, ErrorNote, KeyValueTable, Loading, StatusBadge, Tags } from '../ui/common';
import { href } from '../ui/route';
import { useBlocking } from '../ui/useBlocking';

export function ServiceDetailView({ name }: { name: string }) {
  const { client, dc } = useApp();
  const entries = useBlocking<ServiceEntry[]>(client, `/v1/health/service/${encodePath(name)}`, dcParam(dc));
  const instances = entries.data ?? [];
  return (
    <main aria-labelledby="service-title" data-testid="service-detail">
      <p>
        <a href={href({ view: 'services' })}>← All services</a>
      </p>
      <h1 id="service-title">{name}</h1>
      <ErrorNote error={entries.error} retryInMs={entries.retryInMs} />
      {entries.loading && !entries.data ? <Loading what="instances" /> : null}
      {entries.data && instances.length === 0 ? <p>No instance of this service is registered.</p> : null}
      <ul class="instances" aria-label="Instances">
        {instances.map((e) => (
          <li key={`${e.Node.Node}/${e.Service.ID}`} class="card" data-testid="instance" data-instance-id={e.Service.ID}>
            <h2>
              <StatusBadge status={aggregate(e.Checks) ?? 'none'} /> {e.Service.ID}
            </h2>
            <dl class="facts">
              <dt>Node</dt>
              <dd>
                <a href={href({ view: 'node', name: e.Node.Node })} data-testid="instance-node">{e.Node.Node}</a>
              </dd>
              <dt>Address</dt>
              <dd data-testid="instance-address">
                {e.Service.Address || e.Node.Address}:{e.Service.Port}
              </dd>
              <dt>Tags</dt>
              <dd>
                <Tags tags={e.Service.Tags} />
              </dd>
            </dl>
            {e.Service.Meta && Object.keys(e.Service.Meta).length ? (
              <details>
                <summary>Meta</summary>
                <KeyValueTable entries={e.Service.Meta} label="Service meta" testId="service-meta" />
              </details>
            ) : null}
            <h3>Checks</h3>
            <CheckList checks={e.Checks} />
          </li>
        ))}
      </ul>
    </main>
  );
}
