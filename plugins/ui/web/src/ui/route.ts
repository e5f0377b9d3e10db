// Hash routes, so the app works under any mount path without server-side fallback:
//   #/overview  #/services  #/services/<name>  #/nodes  #/nodes/<name>  #/kv/<prefix/>  #/kv/<key>

export type Route =
  | { view: 'overview' }
  | { view: 'services' }
  | { view: 'service'; name: string }
  | { view: 'nodes' }
  | { view: 'node'; name: string }
  | { view: 'kv-folder'; prefix: string }
  | { view: 'kv-key'; key: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#?\/?/, '');
  const slash = path.indexOf('/');
  const head = slash < 0 ? path : path.slice(0, slash);
  const rest = slash < 0 ? '' : path.slice(slash + 1);
  const decoded = safeDecode(rest);
  switch (head) {
    case 'services':
      return decoded ? { view: 'service', name: decoded } : { view: 'services' };
    case 'nodes':
      return decoded ? { view: 'node', name: decoded } : { view: 'nodes' };
    case 'kv':
      return decoded === '' || decoded.endsWith('/') ? { view: 'kv-folder', prefix: decoded } : { view: 'kv-key', key: decoded };
    default:
      return { view: 'overview' };
  }
}

function safeDecode(text: string): string {
  try {
    return text.split('/').map(decodeURIComponent).join('/');
  } catch {
    return text;
  }
}

const enc = (text: string) => text.split('/').map(encodeURIComponent).join('/');

export function href(route: Route): string {
  switch (route.view) {
    case 'overview':
      return '#/overview';
    case 'services':
      return '#/services';
    case 'service':
      return `#/services/${encodeURIComponent(route.name)}`;
    case 'nodes':
      return '#/nodes';
    case 'node':
      return `#/nodes/${encodeURIComponent(route.name)}`;
    case 'kv-folder':
      return `#/kv/${enc(route.prefix)}`;
    case 'kv-key':
      return `#/kv/${enc(route.key)}`;
  }
}
