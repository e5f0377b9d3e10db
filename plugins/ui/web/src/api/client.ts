// The one way the UI talks to the agent: same-origin /v1 requests carrying the ACL token, returning the
// blocking-query metadata Consul puts in response headers.

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export type ParamValue = string | number | boolean | undefined | null;
export type Params = Record<string, ParamValue>;

export interface QueryMeta {
  /** X-Consul-Index; 0 when the endpoint does not send one. */
  index: number;
  knownLeader: boolean;
  lastContactMs: number;
}

export interface QueryResponse<T> {
  data: T;
  meta: QueryMeta;
}

export interface QueryOptions {
  /** Block until the result's index exceeds this (Consul's ?index=). */
  index?: number;
  /** Longest time to block, in Consul's duration syntax ("5m"). */
  wait?: string;
  signal?: AbortSignal;
}

/** A non-2xx answer: Consul's error text is the plain-text body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly body: string,
  ) {
    super(`${status} from ${path}: ${body.trim() || 'no error text'}`);
    this.name = 'ApiError';
  }
}

export interface ClientOptions {
  fetch?: FetchFn;
  /** Prefix before /v1 (empty for same origin). */
  baseUrl?: string;
  /** Read on every request so a token change applies at once. */
  token?: () => string;
}

/** Encodes a KV key or a name into a path, keeping '/' as the separator. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Builds a query string; `true` becomes a bare flag (`?keys`), undefined/null/false are dropped. */
export function queryString(params: Params): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === false || value === '') continue;
    parts.push(value === true ? encodeURIComponent(name) : `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function readMeta(headers: Headers): QueryMeta {
  const index = Number(headers.get('X-Consul-Index') ?? '0');
  return {
    index: Number.isFinite(index) && index > 0 ? index : 0,
    knownLeader: headers.get('X-Consul-KnownLeader') !== 'false',
    lastContactMs: Number(headers.get('X-Consul-LastContact') ?? '0') || 0,
  };
}

export class ConsulClient {
  private readonly fetchFn: FetchFn;
  private readonly baseUrl: string;
  private readonly token: () => string;

  constructor(options: ClientOptions = {}) {
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = options.baseUrl ?? '';
    this.token = options.token ?? (() => '');
  }

  url(path: string, params: Params = {}): string {
    return `${this.baseUrl}${path}${queryString(params)}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const token = this.token().trim();
    return token ? { ...extra, 'X-Consul-Token': token } : extra;
  }

  private async send(method: string, path: string, params: Params, body?: string, signal?: AbortSignal, allowNotFound = false): Promise<Response> {
    const url = this.url(path, params);
    const response = await this.fetchFn(url, {
      method,
      headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/octet-stream' }),
      body,
      signal,
      credentials: 'same-origin',
    });
    if (!response.ok && !(allowNotFound && response.status === 404)) {
      throw new ApiError(response.status, `${method} ${path}`, await response.text().catch(() => ''));
    }
    return response;
  }

  /** A GET returning JSON; with options.index it becomes a blocking query. */
  query<T>(path: string, params: Params = {}, options: QueryOptions = {}): Promise<QueryResponse<T>> {
    return this.get<T>(path, params, options, false) as Promise<QueryResponse<T>>;
  }

  /**
   * Like query, but a 404 is an empty answer (null): Consul's "no such key/node". Its X-Consul-Index still
   * counts, so a blocking query on a missing key waits for the key to appear instead of polling.
   */
  queryOptional<T>(path: string, params: Params = {}, options: QueryOptions = {}): Promise<QueryResponse<T | null>> {
    return this.get<T>(path, params, options, true);
  }

  private async get<T>(path: string, params: Params, options: QueryOptions, allowNotFound: boolean): Promise<QueryResponse<T | null>> {
    const blocking = options.index !== undefined && options.index > 0 ? { index: options.index, wait: options.wait ?? '5m' } : {};
    const response = await this.send('GET', path, { ...params, ...blocking }, undefined, options.signal, allowNotFound);
    const text = await response.text();
    const data = response.status === 404 || !text ? null : (JSON.parse(text) as T);
    return { data, meta: readMeta(response.headers) };
  }

  /** PUT with a raw body; returns the parsed JSON answer (e.g. `true`/`false` for KV). */
  async put<T>(path: string, params: Params = {}, body?: string): Promise<T> {
    const response = await this.send('PUT', path, params, body ?? '');
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }

  async delete<T>(path: string, params: Params = {}): Promise<T> {
    const response = await this.send('DELETE', path, params);
    const text = await response.text();
    return (text ? JSON.parse(text) : null) as T;
  }
}
