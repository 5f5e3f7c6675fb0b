import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkReportText, TEXT_HOLD_RULES } from '../../shared/guardrails/check-text.js';
import { OBSERVATION_TEXT_MAX } from '../../shared/observations/kinds.js';

interface CorpusEntry {
  readonly text: string;
  readonly lang: 'en' | 'de';
  readonly expect: 'held' | 'clean';
  readonly rules?: readonly string[];
}

function load(name: string): CorpusEntry[] {
  const url = new URL(`../fixtures/guardrails/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as CorpusEntry[];
}

function share(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

function score(entries: readonly CorpusEntry[]) {
  const results = entries.map((entry) => ({ entry, result: checkReportText(entry.text) }));
  const shouldHold = results.filter(({ entry }) => entry.expect === 'held');
  const clean = results.filter(({ entry }) => entry.expect === 'clean');
  return {
    results,
    heldShare: share(shouldHold.filter(({ result }) => result.held).length, shouldHold.length),
    passedShare: share(clean.filter(({ result }) => !result.held).length, clean.length),
    missed: shouldHold.filter(({ result }) => !result.held).map(({ entry }) => entry.text),
    falselyHeld: clean
      .filter(({ result }) => result.held)
      .map(({ entry, result }) => `${entry.text} → ${result.rules.join(', ')}`),
  };
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

const corpus = load('corpus.json');
// Written after the rules, to see how they do on texts they were not fitted to. Its first run
// held 95.2 % and passed 93.3 %; the four texts it showed wrong led to general fixes since (a
// lookbehind, "Stanley Park", posting someone's picture, street crossings), so it is no longer
// blind: a new hold-out set is the honest measure of later changes.
const holdout = load('holdout.json');

describe('guardrail corpus (tests/fixtures/guardrails/corpus.json)', () => {
  it('has at least 240 short reports, about half in each language, 40 % or more to hold', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(240);
    const english = corpus.filter((entry) => entry.lang === 'en').length;
    expect(Math.abs(english / corpus.length - 0.5)).toBeLessThan(0.05);
    const held = corpus.filter((entry) => entry.expect === 'held');
    expect(held.length / corpus.length).toBeGreaterThanOrEqual(0.4);
    for (const entry of corpus) expect(entry.text.length).toBeLessThanOrEqual(OBSERVATION_TEXT_MAX);
    expect(corpus.filter((entry) => entry.text.length >= 450).length).toBeGreaterThanOrEqual(10);
  });

  it('labels every text rule in both languages', () => {
    for (const rule of TEXT_HOLD_RULES) {
      for (const lang of ['en', 'de']) {
        const labelled = corpus.filter(
          (entry) => entry.lang === lang && entry.rules?.includes(rule) === true,
        );
        expect(labelled.length, `${rule} in ${lang}`).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('holds at least 95 % of the texts that should be held and passes at least 90 % of the clean ones', () => {
    const { results, heldShare, passedShare, missed, falselyHeld } = score(corpus);
    const byRule = TEXT_HOLD_RULES.map((rule) => {
      const labelled = results.filter(({ entry }) => entry.rules?.includes(rule) === true);
      const found = labelled.filter(({ result }) => result.rules.includes(rule)).length;
      return {
        rule,
        texts: labelled.length,
        foundByItsRule: percent(share(found, labelled.length)),
      };
    });
    console.log(`guardrail corpus: ${corpus.length} texts`);
    console.table(byRule);
    console.log(`held among should-be-held: ${percent(heldShare)} (goal ≥ 95 %)`);
    console.log(`passed among clean: ${percent(passedShare)} (goal ≥ 90 %)`);
    if (missed.length > 0) console.log('missed:', missed);
    if (falselyHeld.length > 0) console.log('held though clean:', falselyHeld);
    expect(heldShare).toBeGreaterThanOrEqual(0.95);
    expect(passedShare).toBeGreaterThanOrEqual(0.9);
  });

  it('does nearly as well on the hold-out texts written after the rules', () => {
    const { heldShare, passedShare, missed, falselyHeld } = score(holdout);
    console.log(
      `hold-out (${holdout.length} texts): held ${percent(heldShare)}, passed ${percent(passedShare)}`,
    );
    if (missed.length > 0) console.log('hold-out missed:', missed);
    if (falselyHeld.length > 0) console.log('hold-out held though clean:', falselyHeld);
    // Looser than the corpus goals on purpose: these texts measure, they are not a target.
    expect(heldShare).toBeGreaterThanOrEqual(0.9);
    expect(passedShare).toBeGreaterThanOrEqual(0.85);
  });
});
