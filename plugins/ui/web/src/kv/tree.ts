// One level of the KV tree, from `GET /v1/kv/<prefix>?keys&separator=/`: Consul answers with the keys
// directly under the prefix and, for deeper keys, the common prefix up to the next '/' (a "folder").

export interface KvListing {
  folders: KvItem[];
  keys: KvItem[];
}

export interface KvItem {
  /** Full key (folders end with '/'). */
  key: string;
  /** What to show: the part after the prefix. */
  name: string;
}

/** Splits Consul's answer into folders and keys under `prefix`, sorted, without the prefix itself. */
export function listFolder(prefix: string, keys: readonly string[]): KvListing {
  const folders = new Map<string, KvItem>();
  const leaves = new Map<string, KvItem>();
  for (const key of keys) {
    if (!key.startsWith(prefix) || key === prefix) continue;
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) {
      // A deeper key (an answer without separator, or a stale list) still shows as its first folder.
      const folder = prefix + rest.slice(0, slash + 1);
      folders.set(folder, { key: folder, name: rest.slice(0, slash + 1) });
    } else {
      leaves.set(key, { key, name: rest });
    }
  }
  const byName = (a: KvItem, b: KvItem) => a.name.localeCompare(b.name);
  return { folders: [...folders.values()].sort(byName), keys: [...leaves.values()].sort(byName) };
}

/** The folder holding a key or folder: "a/b/c" -> "a/b/", "a/b/" -> "a/", "a" -> "". */
export function parentFolder(key: string): string {
  const trimmed = key.endsWith('/') ? key.slice(0, -1) : key;
  const slash = trimmed.lastIndexOf('/');
  return slash < 0 ? '' : trimmed.slice(0, slash + 1);
}

export interface Crumb {
  name: string;
  prefix: string;
}

/** Breadcrumbs from the root to a folder: "a/b/" -> [root, a/, a/b/]. */
export function breadcrumbs(prefix: string): Crumb[] {
  const crumbs: Crumb[] = [{ name: 'root', prefix: '' }];
  let acc = '';
  for (const part of prefix.split('/').slice(0, -1)) {
    acc += `${part}/`;
    crumbs.push({ name: part, prefix: acc });
  }
  return crumbs;
}

/** Why a key name cannot be created here, or undefined when it can. */
export function validateKeyName(name: string): string | undefined {
  if (!name.trim()) return 'Enter a key name.';
  if (name.startsWith('/')) return 'A key must not start with "/".';
  if (name.includes('//')) return 'A key must not contain "//" (an empty folder name).';
  return undefined;
}
