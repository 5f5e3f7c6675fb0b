import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactText } from '../../server/privacy/redact-text.js';

interface CorpusEntry {
  readonly text: string;
  readonly lang: 'en' | 'de';
  readonly kinds: readonly string[];
  readonly secrets: readonly string[];
}

const corpus = {
  entries: readFileSync(new URL('../fixtures/redaction/corpus.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusEntry),
};

/**
 * What a reader could make of the output: NFKC, every Unicode decimal digit as ASCII,
 * dashes and primes unified, invisible format characters dropped, lower case. Written
 * apart from the module's own folding, so a gap there cannot hide here.
 */
function readable(text: string): string {
  return text
    .replace(/\p{Cf}/gu, '')
    .replace(/[′‘’´`]/gu, "'")
    .replace(/[″“”„]/gu, '"')
    .replace(/[‐‑‒–—―−]/gu, '-')
    .replace(/٫/gu, '.')
    .normalize('NFKC')
    .replace(/\p{Nd}/gu, (digit) => String(digitValue(digit)))
    .toLowerCase();
}

function digitValue(digit: string): number {
  const codePoint = digit.codePointAt(0) ?? 0;
  let zero = codePoint;
  while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero -= 1;
  return (codePoint - zero) % 10;
}

function leaks(entry: CorpusEntry, output: string): string[] {
  const seen = readable(output);
  return entry.secrets.filter((secret) => seen.includes(readable(secret)));
}

const results = corpus.entries.map((entry) => {
  const output = redactText(entry.text);
  return { entry, output, leaked: leaks(entry, output) };
});
const withPersonalData = results.filter(({ entry }) => entry.kinds.length > 0);
const clean = results.filter(({ entry }) => entry.kinds.length === 0);

function share(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

describe('redaction corpus (tests/fixtures/redaction/corpus.jsonl)', () => {
  it('is large enough and labelled in both languages', () => {
    expect(corpus.entries.length).toBeGreaterThanOrEqual(150);
    for (const lang of ['en', 'de']) {
      expect(withPersonalData.some(({ entry }) => entry.lang === lang)).toBe(true);
      expect(clean.some(({ entry }) => entry.lang === lang)).toBe(true);
    }
    for (const { entry } of withPersonalData) {
      expect(entry.secrets.length, entry.text).toBeGreaterThan(0);
      // A secret must be in the text, or the check could pass by itself.
      for (const secret of entry.secrets) expect(readable(entry.text)).toContain(readable(secret));
    }
  });

  it('redacts every coordinate and at least 98 % of the other personal data, leaving at least 95 % of clean texts unchanged', () => {
    const kinds = [...new Set(withPersonalData.flatMap(({ entry }) => entry.kinds))].sort();
    const table = kinds.map((kind) => {
      const ofKind = withPersonalData.filter(({ entry }) => entry.kinds.includes(kind));
      const redacted = ofKind.filter(({ leaked }) => leaked.length === 0).length;
      return { kind, texts: ofKind.length, redacted: share(redacted, ofKind.length) };
    });
    const coordinates = withPersonalData.filter(({ entry }) => entry.kinds.includes('coordinates'));
    const others = withPersonalData.filter(({ entry }) => !entry.kinds.includes('coordinates'));
    const othersRedacted = others.filter(({ leaked }) => leaked.length === 0).length;
    const unchanged = clean.filter(({ entry, output }) => output === entry.text).length;
    const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
    console.log(
      [
        'Redaction corpus',
        ...table.map(
          ({ kind, texts, redacted }) =>
            `  ${kind.padEnd(20)} ${String(texts).padStart(4)} texts  ${percent(redacted).padStart(7)} redacted`,
        ),
        `  ${'all but coordinates'.padEnd(20)} ${String(others.length).padStart(4)} texts  ${percent(share(othersRedacted, others.length)).padStart(7)} redacted`,
        `  ${'clean'.padEnd(20)} ${String(clean.length).padStart(4)} texts  ${percent(share(unchanged, clean.length)).padStart(7)} unchanged`,
        ...results
          .filter(({ leaked }) => leaked.length > 0)
          .map(
            ({ output, leaked }) => `  LEAK ${JSON.stringify(leaked)} in ${JSON.stringify(output)}`,
          ),
        ...clean
          .filter(({ entry, output }) => output !== entry.text)
          .map(({ output }) => `  CHANGED ${JSON.stringify(output)}`),
      ].join('\n'),
    );
    expect(
      coordinates.filter(({ leaked }) => leaked.length > 0).map(({ output }) => output),
    ).toEqual([]);
    expect(share(othersRedacted, others.length)).toBeGreaterThanOrEqual(0.98);
    expect(share(unchanged, clean.length)).toBeGreaterThanOrEqual(0.95);
  });
});
