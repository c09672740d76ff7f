import { describe, expect, it } from 'vitest';
import { visibleRange } from './visible-range';

describe('visible rows of a virtual list', () => {
  it('draws the first screenful plus overscan while the list starts below the header', () => {
    expect(visibleRange(300, 740, 72, 10_000, 8)).toEqual({ start: 0, end: 20 });
  });

  it('follows the scroll position with overscan on both sides', () => {
    // Scrolled so that row 100 is at the top of the viewport.
    expect(visibleRange(-7200, 740, 72, 10_000, 8)).toEqual({ start: 92, end: 120 });
  });

  it('never goes past the end of a short or filtered list', () => {
    expect(visibleRange(0, 740, 72, 3, 8)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(-720_000, 740, 72, 10_000, 8)).toEqual({ start: 9992, end: 10_000 });
    expect(visibleRange(-7200, 740, 72, 0, 8)).toEqual({ start: 0, end: 0 });
  });
});
