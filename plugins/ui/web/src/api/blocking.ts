// Consul's blocking-query loop: ask with ?index=<last X-Consul-Index>, deliver only changed results,
// back off exponentially on errors, and never start two requests closer than minIntervalMs (a server
// that answers at once, or a flood of changes, must not turn into a request storm).
// See Consul's "Blocking Queries" docs: reset the index when it goes backwards, never send an index < 1.

import type { QueryResponse } from './client';

export interface BlockingClock {
  now(): number;
  /** Resolves after ms, or early (without rejecting) when the signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: BlockingClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    }),
};

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 };

/** Delay before retry number `failures` (1-based): initial, 2x, 4x ... capped. */
export function backoffDelay(failures: number, policy: BackoffPolicy = defaultBackoff): number {
  if (failures <= 0) return 0;
  const delay = policy.initialMs * 2 ** Math.min(failures - 1, 30);
  return Math.min(delay, policy.maxMs);
}

/** The index to send next, given the one we sent and the one the server answered with. */
export function nextIndex(previous: number, answered: number): number {
  if (!Number.isFinite(answered) || answered < 1) return 1;
  // An index that goes backwards means the server's state was reset (restore, new leader's store): start over.
  if (answered < previous) return 0;
  return answered;
}

export interface BlockingQueryOptions<T> {
  /** Runs one request; index 0 means "answer at once". */
  fetch(index: number, signal: AbortSignal): Promise<QueryResponse<T>>;
  onData(data: T, index: number): void;
  onError?(error: unknown, failures: number, retryInMs: number): void;
  clock?: BlockingClock;
  backoff?: BackoffPolicy;
  minIntervalMs?: number;
}

export interface BlockingQuery {
  stop(): void;
  /** Settles when the loop has ended (after stop()). */
  readonly done: Promise<void>;
}

export function startBlockingQuery<T>(options: BlockingQueryOptions<T>): BlockingQuery {
  const controller = new AbortController();
  const signal = controller.signal;
  const clock = options.clock ?? realClock;
  const minInterval = options.minIntervalMs ?? 1_000;

  async function loop(): Promise<void> {
    // Yield once so the caller holds the handle (and can stop it) before the first request goes out.
    await Promise.resolve();
    let index = 0;
    let delivered = false;
    let failures = 0;
    let lastStart = Number.NEGATIVE_INFINITY;
    while (!signal.aborted) {
      const wait = lastStart + minInterval - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
      if (signal.aborted) return;
      lastStart = clock.now();
      try {
        const { data, meta } = await options.fetch(index, signal);
        if (signal.aborted) return;
        failures = 0;
        const next = nextIndex(index, meta.index);
        // The server also answers when its wait time ran out with nothing new: same index, same data.
        if (!delivered || next !== index || meta.index === 0) {
          delivered = true;
          options.onData(data, meta.index);
        }
        index = next;
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        const delay = backoffDelay(failures, options.backoff);
        options.onError?.(error, failures, delay);
        await clock.sleep(delay, signal);
      }
    }
  }

  const done = loop();
  return {
    stop: () => controller.abort(),
    done,
  };
}
