// KV values travel base64-encoded in GET answers and raw in PUT bodies.

export type DecodedValue = { kind: 'text'; text: string } | { kind: 'binary'; base64: string };

export function decodeValue(base64: string | null | undefined): DecodedValue {
  if (!base64) return { kind: 'text', text: '' };
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // Not UTF-8: show it as base64 and do not offer a text editor that would corrupt it.
    return { kind: 'binary', base64 };
  }
}

export type JsonCheck = { ok: true; formatted: string } | { ok: false; error: string };

export function checkJson(text: string): JsonCheck {
  try {
    return { ok: true, formatted: JSON.stringify(JSON.parse(text), null, 2) };
  } catch (error) {
    return { ok: false, error: `Invalid JSON: ${(error as Error).message}` };
  }
}

/** Whether a value looks like JSON, to open it in JSON mode. */
export function looksLikeJson(text: string): boolean {
  const t = text.trim();
  return (t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']')) ? checkJson(t).ok : false;
}

/** Consul's flags are an opaque uint64; the UI accepts a non-negative safe integer. */
export function parseFlags(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return 0;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}
