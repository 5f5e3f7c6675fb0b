/**
 * `npm run bench:guardrails`: the cost of the guardrails, in two parts of one run.
 *
 * 1. Texts per second through checkReportText (shared/guardrails) for the 500-character texts
 *    of the guardrail corpus (tests/fixtures/guardrails/corpus.json), and for the whole corpus
 *    (short texts, both languages) for comparison; median of --runs/RUNS runs (7), each
 *    checking --texts/TEXTS texts (3000) after a warm-up. Goal: ≥ 1,000 texts/s for the long ones.
 * 2. The per-request cost of creating an observation (without text and with a 500-character
 *    text) versus creating an incident, through app.inject on a real PostgreSQL, medians of
 *    --rounds/ROUNDS alternating rounds (5) of --requests/REQUESTS requests (40) each
 *    (bench/support/create-cost.ts). TEST_DATABASE_URL names the PostgreSQL server; --rounds 0
 *    skips this part.
 */
import { readFileSync } from 'node:fs';
import { checkReportText } from '../shared/guardrails/check-text.js';
import { measureCreateCost } from './support/create-cost.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import { formatTable, median } from './support/stats.js';

const TEXTS_PER_SECOND_GOAL = 1_000;
const LONG_TEXT = 450;
const WARM_UP = 500;

interface CorpusEntry {
  text: string;
  expect: 'held' | 'clean';
}

function readSettings() {
  return readIntegerSettings({
    runs: { env: 'RUNS', fallback: 7, min: 5 },
    texts: { env: 'TEXTS', fallback: 3_000, min: 100 },
    rounds: { env: 'ROUNDS', fallback: 5, min: 0 },
    requests: { env: 'REQUESTS', fallback: 40, min: 1 },
  });
}

function loadCorpus(): CorpusEntry[] {
  const url = new URL('../tests/fixtures/guardrails/corpus.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as CorpusEntry[];
}

/** Texts per second, one figure per run: each run checks `count` texts, cycling through them. */
function measure(texts: readonly string[], runs: number, count: number): number[] {
  let held = 0;
  for (let i = 0; i < WARM_UP; i += 1)
    held += checkReportText(texts[i % texts.length] ?? '').rules.length;
  const rates: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    for (let i = 0; i < count; i += 1)
      held += checkReportText(texts[i % texts.length] ?? '').rules.length;
    rates.push(count / ((performance.now() - started) / 1000));
  }
  // Keeps the results alive, so no engine can drop the calls.
  if (held < 0) console.log(held);
  return rates;
}

function row(label: string, texts: readonly string[], rates: readonly number[]): string[] {
  const middle = median(rates);
  const chars = Math.round(texts.reduce((sum, text) => sum + text.length, 0) / texts.length);
  return [
    label,
    String(texts.length),
    String(chars),
    middle.toFixed(0),
    Math.min(...rates).toFixed(0),
    Math.max(...rates).toFixed(0),
    (1_000_000 / middle).toFixed(0),
  ];
}

function longTexts(corpus: readonly CorpusEntry[]): string[] {
  return corpus.filter((entry) => entry.text.length >= LONG_TEXT).map((entry) => entry.text);
}

function textCheck(runs: number, count: number, problems: string[]): void {
  const corpus = loadCorpus();
  const long = longTexts(corpus);
  const all = corpus.map((entry) => entry.text);
  if (long.length === 0) throw new Error('the corpus has no 500-character texts');
  const longRates = measure(long, runs, count);
  const allRates = measure(all, runs, count);
  console.log(`\n1. checkReportText, ${runs} runs of ${count} texts each (texts/s):`);
  console.log(
    formatTable(
      [
        ['texts', 'n', 'chars', 'median/s', 'min/s', 'max/s', 'µs/text'],
        row('500-char corpus texts', long, longRates),
        row('whole corpus', all, allRates),
      ],
      'lrrrrrr',
    ),
  );
  const rate = median(longRates);
  console.log(
    `goal ≥ ${TEXTS_PER_SECOND_GOAL} texts/s for 500-character texts: ${rate >= TEXTS_PER_SECOND_GOAL ? 'met' : 'NOT met'}`,
  );
  if (rate < TEXTS_PER_SECOND_GOAL) {
    problems.push(`checkReportText: ${rate.toFixed(0)} texts/s for 500-character texts`);
  }
}

async function main(): Promise<void> {
  const { runs, texts, rounds, requests } = readSettings();
  console.log('bench:guardrails');
  console.log(machineLine());
  const problems: string[] = [];
  textCheck(runs, texts, problems);
  if (rounds > 0) await measureCreateCost({ rounds, requests }, longTexts(loadCorpus()));
  reportProblems(problems);
}

await runBenchmark('bench:guardrails', main);
