import type { AgentMember, AgentSelf } from '../api/types';
import { dcParam, useApp } from '../app/context';
import { ErrorNote, KeyValueTable, Loading, Section } from '../ui/common';
import { useBlocking } from '../ui/useBlocking';
import { HealthGlance } from './HealthGlance';

// Serf's member status codes as /v1/agent/members reports them.
const memberStatus = ['none', 'alive', 'leaving', 'left', 'failed'];

const CONFIG_FIELDS = ['Datacenter', 'PrimaryDatacenter', 'NodeName', 'NodeID', 'Server', 'Version', 'Revision'];

export function OverviewView() {
  const { client, dc } = useApp();
  // Status and agent endpoints cannot block: ask every 10 s, which is not a storm.
  const slow = { minIntervalMs: 10_000 };
  const leader = useBlocking<string>(client, '/v1/status/leader', dcParam(dc), slow);
  const peers = useBlocking<string[]>(client, '/v1/status/peers', dcParam(dc), slow);
  const members = useBlocking<AgentMember[]>(client, '/v1/agent/members', {}, slow);
  const self = useBlocking<AgentSelf>(client, '/v1/agent/self', {}, { minIntervalMs: 30_000 });
  const config = self.data?.Config ?? {};
  const plugins = self.data?.Plugins ?? [];

  return (
    <main aria-labelledby="overview-title" data-testid="overview">
      <h1 id="overview-title">Overview</h1>
      <div class="grid2">
        <Section title="Cluster" testId="cluster">
          <ErrorNote error={leader.error ?? peers.error} retryInMs={leader.retryInMs} />
          <dl class="facts">
            <dt>Leader</dt>
            <dd data-testid="leader">{leader.data === undefined ? '…' : leader.data || 'no leader (election in progress or no quorum)'}</dd>
            <dt>Peers</dt>
            <dd data-testid="peers">{peers.data ? peers.data.join(', ') || 'none' : '…'}</dd>
          </dl>
        </Section>
        <Section title="Health at a glance" testId="health-glance-section">
          <HealthGlance large />
        </Section>
      </div>
      <Section title="Agent" testId="agent">
        <ErrorNote error={self.error} retryInMs={self.retryInMs} />
        {self.data ? (
          <KeyValueTable entries={Object.fromEntries(CONFIG_FIELDS.filter((f) => f in config).map((f) => [f, config[f]]))} label="Agent configuration" testId="agent-config" />
        ) : (
          <Loading what="agent" />
        )}
      </Section>
      <Section title="Plugins" testId="plugins">
        {plugins.length === 0 ? (
          <p class="muted">{self.data ? 'The agent reports no plugins.' : '…'}</p>
        ) : (
          <table class="table" data-testid="plugin-table">
            <thead>
              <tr>
                <th scope="col">Plugin</th>
                <th scope="col">Version</th>
                <th scope="col">State</th>
                <th scope="col">Extensions</th>
              </tr>
            </thead>
            <tbody>
              {plugins.map((p) => (
                <tr key={p.ID} data-testid="plugin" data-plugin-id={p.ID}>
                  <td>{p.ID}</td>
                  <td>{p.Version}</td>
                  <td>{p.State}</td>
                  <td>{(p.Extensions ?? []).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Members" testId="members">
        <ErrorNote error={members.error} retryInMs={members.retryInMs} />
        {members.data ? (
          <table class="table" data-testid="member-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">Status</th>
                <th scope="col">Role</th>
                <th scope="col">Datacenter</th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => (
                <tr key={m.Name} data-testid="member">
                  <td>{m.Name}</td>
                  <td>
                    {m.Addr}:{m.Port}
                  </td>
                  <td>{memberStatus[m.Status] ?? String(m.Status)}</td>
                  <td>{m.Tags?.role ?? ''}</td>
                  <td>{m.Tags?.dc ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <Loading what="members" />
        )}
      </Section>
    </main>
  );
}
