import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../server/basemap/byte-range.js';

describe('parseByteRange', () => {
  it('reads a range, an open range and a suffix, clipped to the file', () => {
    expect(parseByteRange('bytes=0-16383', 100_000)).toEqual({ start: 0, end: 16383 });
    expect(parseByteRange('bytes=0-16383', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseByteRange('bytes=990-', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseByteRange('bytes=-10', 1000)).toEqual({ start: 990, end: 999 });
    expect(parseByteRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseByteRange(' bytes=5-5 ', 1000)).toEqual({ start: 5, end: 5 });
  });

  it('refuses what names no bytes of the file, several ranges and other units', () => {
    for (const header of [
      'bytes=1000-1001',
      'bytes=1000-',
      'bytes=10-5',
      'bytes=-0',
      'bytes=-',
      'bytes=0-1,5-6',
      'items=0-5',
      'bytes=a-b',
      'bytes=1e3-',
      'bytes=99999999999999999999-',
      '',
    ]) {
      expect(parseByteRange(header, 1000), header).toBeNull();
    }
    expect(parseByteRange('bytes=0-0', 0)).toBeNull();
  });

  it('never answers bytes outside the file', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.nat(1_000_000), (tail, size) => {
        const range = parseByteRange(`bytes=${tail}`, size);
        if (range === null) return;
        expect(range.start).toBeGreaterThanOrEqual(0);
        expect(range.end).toBeGreaterThanOrEqual(range.start);
        expect(range.end).toBeLessThan(size);
      }),
    );
  });
});
