import { describe, expect, it } from 'vitest';
import { scrollToReveal, visibleRange } from './window';

describe('visibleRange', () => {
  it('renders only the rows in view plus overscan', () => {
    expect(visibleRange(0, 300, 30, 5_000, 5)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(3_000, 300, 30, 5_000, 5)).toEqual({ start: 95, end: 116 });
  });
  it('clamps to the list', () => {
    expect(visibleRange(149_900, 300, 30, 5_000, 5)).toEqual({ start: 4_991, end: 5_000 });
    expect(visibleRange(0, 300, 30, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(-50, 300, 30, 3, 0)).toEqual({ start: 0, end: 3 });
  });
});

describe('scrollToReveal', () => {
  it('scrolls up or down just enough, or not at all', () => {
    expect(scrollToReveal(2, 150, 300, 30)).toBe(60);
    expect(scrollToReveal(20, 0, 300, 30)).toBe(330);
    expect(scrollToReveal(5, 0, 300, 30)).toBeUndefined();
  });
});
