import { describe, expect, it } from 'vitest';
import { isRedactionOf } from '../../../shared/moderation/redacted-text.js';

const ORIGINAL = 'Two men broke the window of the bakery, one was Jim Baker from no. 12';

describe('a redaction takes words out, never puts any in', () => {
  it('accepts parts replaced by the mark', () => {
    expect(isRedactionOf(ORIGINAL, 'Two men broke the window of the bakery, one was […]')).toBe(
      true,
    );
    expect(
      isRedactionOf(ORIGINAL, 'Two men broke the window of the bakery, […] from no. […]'),
    ).toBe(true);
    expect(isRedactionOf(ORIGINAL, '[…] broke the window […]')).toBe(true);
    expect(isRedactionOf('abc', '[…]')).toBe(true);
  });

  it('refuses changed, added or reordered words, and marks that remove nothing', () => {
    expect(isRedactionOf(ORIGINAL, ORIGINAL)).toBe(false);
    expect(
      isRedactionOf(ORIGINAL, 'Two men broke the window of the bakery, one was […] again'),
    ).toBe(false);
    expect(isRedactionOf(ORIGINAL, 'Three men broke the window […]')).toBe(false);
    expect(isRedactionOf(ORIGINAL, '[…] the bakery […] Two men […]')).toBe(false);
    expect(isRedactionOf(ORIGINAL, `${ORIGINAL}[…]`)).toBe(false);
    expect(isRedactionOf(ORIGINAL, `[…]${ORIGINAL}`)).toBe(false);
    expect(isRedactionOf('abc', 'a[…][…]c')).toBe(false);
    expect(isRedactionOf(ORIGINAL, 'Two men broke the window [...]')).toBe(false);
    expect(isRedactionOf('', '[…]')).toBe(false);
  });
});
