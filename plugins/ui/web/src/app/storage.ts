// Settings kept in the browser: the ACL token (as Consul's own UI does) and the chosen datacenter.

const TOKEN_KEY = 'muster.token';
const DC_KEY = 'muster.dc';

function read(key: string): string {
  try {
    return globalThis.localStorage?.getItem(key) ?? '';
  } catch {
    return ''; // storage disabled (private mode): fall back to no saved value
  }
}

function write(key: string, value: string): void {
  try {
    if (value) globalThis.localStorage?.setItem(key, value);
    else globalThis.localStorage?.removeItem(key);
  } catch (error) {
    console.warn(`Could not save ${key} in localStorage`, error);
  }
}

export const settings = {
  token: () => read(TOKEN_KEY),
  setToken: (token: string) => write(TOKEN_KEY, token.trim()),
  dc: () => read(DC_KEY),
  setDc: (dc: string) => write(DC_KEY, dc),
};
