import { describe, expect, it } from 'vitest';
import { checkJson, decodeValue, looksLikeJson, parseFlags } from './value';

describe('decodeValue', () => {
  it('decodes UTF-8 text', () => {
    expect(decodeValue(btoa(String.fromCharCode(...new TextEncoder().encode('héllo 服务'))))).toEqual({ kind: 'text', text: 'héllo 服务' });
  });
  it('keeps non-UTF-8 bytes as base64', () => {
    expect(decodeValue(btoa('\xff\xfe\x00'))).toEqual({ kind: 'binary', base64: btoa('\xff\xfe\x00') });
  });
  it('treats a null value as empty text', () => expect(decodeValue(null)).toEqual({ kind: 'text', text: '' }));
});

describe('JSON', () => {
  it('formats valid JSON and reports invalid JSON', () => {
    expect(checkJson('{"a":[1,2]}')).toEqual({ ok: true, formatted: '{\n  "a": [\n    1,\n    2\n  ]\n}' });
    const bad = checkJson('{"a":');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^Invalid JSON: /);
  });
  it('detects JSON objects and arrays only', () => {
    expect(looksLikeJson(' {"a":1} ')).toBe(true);
    expect(looksLikeJson('[1]')).toBe(true);
    expect(looksLikeJson('42')).toBe(false);
    expect(looksLikeJson('{not json}')).toBe(false);
  });
});

describe('parseFlags', () => {
  it('accepts empty and non-negative integers only', () => {
    expect(parseFlags('')).toBe(0);
    expect(parseFlags(' 42 ')).toBe(42);
    expect(parseFlags('-1')).toBeUndefined();
    expect(parseFlags('1.5')).toBeUndefined();
    expect(parseFlags('99999999999999999999')).toBeUndefined();
  });
});
