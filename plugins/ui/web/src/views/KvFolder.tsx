import { useMemo, useState } from 'preact/hooks';
import { encodePath } from '../api/client';
import { dcParam, useApp } from '../app/context';
import { deleteFolder, saveEntry } from '../kv/cas';
import { breadcrumbs, listFolder, validateKeyName, type KvItem } from '../kv/tree';
import { ErrorNote, KindIcon, Loading } from '../ui/common';
import { href } from '../ui/route';
import { useBlocking } from '../ui/useBlocking';
import { VirtualList, type Column } from '../ui/VirtualList';

interface Row extends KvItem {
  folder: boolean;
}

const columns: Column<Row>[] = [
  {
    title: 'Key',
    width: '1fr',
    render: (r) => (
      <a href={r.folder ? href({ view: 'kv-folder', prefix: r.key }) : href({ view: 'kv-key', key: r.key })} data-testid={r.folder ? 'kv-folder-link' : 'kv-key-link'}>
        <KindIcon folder={r.folder} />
        {r.name}
      </a>
    ),
  },
  { title: 'Kind', width: '6rem', render: (r) => (r.folder ? 'folder' : 'key') },
];

export function KvFolderView({ prefix }: { prefix: string }) {
  const { client, dc } = useApp();
  const keys = useBlocking<string[] | null>(client, `/v1/kv/${encodePath(prefix)}`, { keys: true, separator: '/', ...dcParam(dc) }, { optional: true });
  const rows = useMemo<Row[]>(() => {
    const listing = listFolder(prefix, keys.data ?? []);
    return [...listing.folders.map((f) => ({ ...f, folder: true })), ...listing.keys.map((k) => ({ ...k, folder: false }))];
  }, [prefix, keys.data]);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string>();
  const nameError = name ? validateKeyName(name) : undefined;

  async function create(event: Event) {
    event.preventDefault();
    const problem = validateKeyName(name);
    if (problem) return setMessage(problem);
    const key = prefix + name;
    if (!key.endsWith('/')) {
      // A key opens in the editor first; it is written (with cas=0) when the user saves.
      location.hash = href({ view: 'kv-key', key });
      return;
    }
    try {
      const result = await saveEntry(client, { key, value: '', flags: 0, modifyIndex: 0, ...dcParam(dc) });
      setMessage(result.kind === 'saved' ? `Created folder ${key}` : `Folder ${key} already exists`);
      setName('');
    } catch (error) {
      setMessage(`Could not create ${key}: ${(error as Error).message}`);
    }
  }

  async function removeFolder() {
    if (!confirm(`Delete ${prefix} and every key under it?`)) return;
    try {
      await deleteFolder(client, prefix, dc || undefined);
      location.hash = href({ view: 'kv-folder', prefix: breadcrumbs(prefix).slice(-2)[0].prefix });
    } catch (error) {
      setMessage(`Could not delete ${prefix}: ${(error as Error).message}`);
    }
  }

  return (
    <main aria-labelledby="kv-title" data-testid="kv-folder">
      <h1 id="kv-title">Key/Value</h1>
      <nav aria-label="Folder path" class="crumbs" data-testid="kv-breadcrumbs">
        {breadcrumbs(prefix).map((c, i, all) => (
          <span key={c.prefix}>
            {i === all.length - 1 ? <strong aria-current="page">{c.name}</strong> : <a href={href({ view: 'kv-folder', prefix: c.prefix })}>{c.name}</a>}
            {i < all.length - 1 ? ' / ' : ''}
          </span>
        ))}
      </nav>
      <form class="filters" onSubmit={create} aria-label="Create a key or folder">
        <label>
          New key in {prefix || 'root'}
          <input
            value={name}
            placeholder="name, or name/ for a folder"
            size={28}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'kv-name-error' : undefined}
            data-testid="kv-new-name"
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <button type="submit" data-testid="kv-create">
          Create
        </button>
        {prefix ? (
          <button type="button" class="danger" onClick={removeFolder} data-testid="kv-delete-folder">
            Delete folder
          </button>
        ) : null}
        {nameError ? (
          <span id="kv-name-error" class="error">
            {nameError}
          </span>
        ) : null}
      </form>
      {message ? (
        <p role="status" data-testid="kv-message">
          {message}
        </p>
      ) : null}
      <ErrorNote error={keys.error} retryInMs={keys.retryInMs} />
      {keys.loading && keys.data === undefined ? (
        <Loading what="keys" />
      ) : (
        <VirtualList
          items={rows}
          columns={columns}
          label={`Keys in ${prefix || 'root'}`}
          testId="kv-list"
          rowKey={(r) => r.key}
          onActivate={(r) => (location.hash = r.folder ? href({ view: 'kv-folder', prefix: r.key }) : href({ view: 'kv-key', key: r.key }))}
          height="calc(100vh - 300px)"
          empty="This folder is empty."
        />
      )}
    </main>
  );
}
