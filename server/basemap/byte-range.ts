/** Bytes `start` to `end` of a file, both included (as a Content-Range names them). */
export interface ByteRange {
  start: number;
  end: number;
}

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * The one range a `Range` header asks for in a file of `size` bytes (RFC 9110 §14.1.2): `a-b`,
 * `a-` or the suffix `-n`, the end clipped to the file. Null when it cannot be served: malformed,
 * several ranges (a PMTiles reader never asks for more than one), or starting past the end.
 */
export function parseByteRange(header: string, size: number): ByteRange | null {
  const match = SINGLE_RANGE.exec(header.trim());
  if (!match || size === 0) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix) || suffix === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return null;
  if (start >= size || end < start) return null;
  return { start, end: Math.min(end, size - 1) };
}
