import { useEffect, useState } from 'preact/hooks';
import { startBlockingQuery } from '../api/blocking';
import type { ConsulClient, Params, QueryResponse } from '../api/client';

export interface BlockingState<T> {
  data?: T;
  /** The last error, cleared by the next success; the loop keeps retrying with backoff. */
  error?: string;
  retryInMs?: number;
  loading: boolean;
}

export interface UseBlockingOptions {
  /** A 404 is an empty answer (null) rather than an error. */
  optional?: boolean;
  /** For endpoints that cannot block (status, agent members): how often to ask again. */
  minIntervalMs?: number;
}

/** Keeps `path` up to date through a blocking-query loop while the component is mounted; null path = idle. */
export function useBlocking<T>(client: ConsulClient, path: string | null, params: Params = {}, options: UseBlockingOptions = {}): BlockingState<T> {
  const [state, setState] = useState<BlockingState<T>>({ loading: path !== null });
  const paramsKey = JSON.stringify(params);
  useEffect(() => {
    if (path === null) {
      setState({ loading: false });
      return undefined;
    }
    setState({ loading: true });
    const query = startBlockingQuery<T>({
      minIntervalMs: options.minIntervalMs,
      fetch: (index, signal) =>
        options.optional
          ? (client.queryOptional<T>(path, params, { index, signal }) as Promise<QueryResponse<T>>)
          : client.query<T>(path, params, { index, signal }),
      onData: (data) => setState({ data, loading: false }),
      onError: (error, _failures, retryInMs) =>
        setState((previous) => ({ ...previous, loading: false, error: error instanceof Error ? error.message : String(error), retryInMs })),
    });
    return () => query.stop();
  }, [client, path, paramsKey, options.optional, options.minIntervalMs]);
  return state;
}
