// A scripted fetch for tests: each call is recorded and answered by the next handler in the script.

import type { FetchFn } from './client';

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export type Answer = { status?: number; body?: unknown; text?: string; headers?: Record<string, string> };

export function fakeFetch(...answers: (Answer | ((call: RecordedCall) => Answer))[]): FetchFn & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const fn = async (url: string, init?: RequestInit) => {
    const call: RecordedCall = {
      url,
      method: init?.method ?? 'GET',
      headers: (init?.headers as Record<string, string>) ?? {},
      body: init?.body as string | undefined,
    };
    calls.push(call);
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${call.method} ${url}`);
    const answer = typeof next === 'function' ? next(call) : next;
    const text = answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    return new Response(text, { status: answer.status ?? 200, headers: answer.headers });
  };
  return Object.assign(fn, { calls });
}
