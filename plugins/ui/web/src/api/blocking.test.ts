import { describe, expect, it } from 'vitest';
import { backoffDelay, nextIndex, startBlockingQuery, type BlockingClock } from './blocking';
import type { QueryResponse } from './client';

/** A clock whose sleeps advance time instantly and are recorded. */
function fakeClock(): BlockingClock & { sleeps: number[]; time: number } {
  const clock = {
    time: 0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

const answer = <T>(data: T, index: number): QueryResponse<T> => ({ data, meta: { index, knownLeader: true, lastContactMs: 0 } });

/** Runs a scripted sequence of answers (or errors); the loop is stopped when the script runs out. */
function script<T>(steps: (QueryResponse<T> | Error)[], clock: BlockingClock & { time: number }, requestMs = 0) {
  const indexes: number[] = [];
  const delivered: [T, number][] = [];
  const errors: [number, number][] = [];
  const query = startBlockingQuery<T>({
    clock,
    minIntervalMs: 1_000,
    fetch: async (index) => {
      indexes.push(index);
      const step = steps.shift();
      if (!step) {
        query.stop();
        throw new Error('script ended');
      }
      clock.time += requestMs;
      if (step instanceof Error) throw step;
      return step;
    },
    onData: (data, index) => delivered.push([data, index]),
    onError: (_e, failures, delay) => errors.push([failures, delay]),
  });
  return { query, indexes, delivered, errors };
}

describe('nextIndex', () => {
  it('follows a growing index', () => expect(nextIndex(10, 12)).toBe(12));
  it('restarts from 0 when the index goes backwards', () => expect(nextIndex(10, 3)).toBe(0));
  it('never sends an index below 1', () => {
    expect(nextIndex(0, 0)).toBe(1);
    expect(nextIndex(5, NaN)).toBe(1);
  });
});

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap', () => {
    const policy = { initialMs: 1_000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelay(n, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});

describe('startBlockingQuery', () => {
  it('sends the last index and delivers only changed results', async () => {
    const clock = fakeClock();
    const run = script([answer('a', 5), answer('a', 5), answer('b', 9)], clock, 2_000);
    await run.query.done;
    expect(run.indexes).toEqual([0, 5, 5, 9]);
    expect(run.delivered).toEqual([
      ['a', 5],
      ['b', 9],
    ]);
  });

  it('backs off exponentially on errors and resets after a success', async () => {
    const clock = fakeClock();
    const down = new Error('connection refused');
    const run = script([down, down, down, answer('x', 3), down], clock);
    await run.query.done;
    expect(run.errors).toEqual([
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
      [1, 1_000],
    ]);
    expect(run.delivered).toEqual([['x', 3]]);
  });

  it('spaces requests by minIntervalMs when the server answers at once', async () => {
    const clock = fakeClock();
    const run = script([answer(1, 1), answer(2, 2), answer(3, 3)], clock, 100);
    await run.query.done;
    // Each request took 100 ms; the loop waits the remaining 900 ms before the next one.
    expect(clock.sleeps).toEqual([900, 900, 900]);
    expect(run.delivered.map(([d]) => d)).toEqual([1, 2, 3]);
  });

  it('starts over from index 0 when the server index goes backwards', async () => {
    const clock = fakeClock();
    const run = script([answer('old', 100), answer('restored', 4), answer('restored', 4)], clock, 5_000);
    await run.query.done;
    expect(run.indexes).toEqual([0, 100, 0, 4]);
    expect(run.delivered.map(([d]) => d)).toEqual(['old', 'restored', 'restored']);
  });

  it('stops without further requests or callbacks', async () => {
    const clock = fakeClock();
    let calls = 0;
    const delivered: string[] = [];
    const query = startBlockingQuery<string>({
      clock,
      fetch: async () => {
        calls += 1;
        query.stop();
        return answer('late', 1);
      },
      onData: (d) => delivered.push(d),
    });
    await query.done;
    expect(calls).toBe(1);
    expect(delivered).toEqual([]);
  });
});
