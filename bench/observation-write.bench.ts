/**
 * `npm run bench:observations`: the per-request cost of creating a citizen observation versus
 * creating an incident, in the same run, on the same app (in-process, `app.inject`, one request
 * at a time, so each figure is one request's own cost: validation, rules, the transaction and its
 * chained event). Rounds alternate (incidents, observations, …); prints each round and the
 * medians.
 *
 * An observation here is an anonymous report with a proof of work of the default cost per
 * derivation (ALTCHA_COST, 1,000 PBKDF2 iterations: the server's check is one derivation), its
 * counter range narrowed so that the benchmark's own solving stays cheap (the client's search
 * is not the server's cost), a device token and an address each; half carry free text (the
 * guardrail check). Settings: --rounds/ROUNDS (3), --requests/REQUESTS per round (200).
 * TEST_DATABASE_URL names the PostgreSQL server.
 */
import { randomBytes } from 'node:crypto';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import pg from 'pg';
import { buildApp } from '../server/app.js';
import { createApiKey } from '../server/auth/api-keys.service.js';
import { migrate } from '../server/db/migrate.js';
import { DEFAULT_PROOF_OF_WORK } from '../server/observations/proof-of-work.js';
import { variedIncidentBody } from '../tests/support/incident-factory.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { createBenchDatabase } from './support/database.js';
import { machineLine, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import { formatTable, median, percentile } from './support/stats.js';

const KINDS = ['graffiti', 'vandalism', 'noise', 'dangerous-driving', 'illegal-dumping'];
const TEXTS = [
  'Fresh tags on the underpass wall, spray cans left behind',
  'Two cars racing up and down the avenue after midnight',
  'Someone left a mattress and paint tins by the bins',
];

function readSettings() {
  return readIntegerSettings({
    rounds: { env: 'ROUNDS', fallback: 3, min: 1 },
    requests: { env: 'REQUESTS', fallback: 200, min: 1 },
  });
}

let sequence = 0;
function observationBody(altcha: string) {
  sequence += 1;
  return {
    category: KINDS[sequence % KINDS.length],
    location: { lon: -123.2 + Math.random() * 0.2, lat: 49.2 + Math.random() * 0.1 },
    behaviours: ['damaging-property'],
    ...(sequence % 2 === 0 ? { text: TEXTS[sequence % TEXTS.length] } : {}),
    altcha,
  };
}

async function main() {
  cleanUpOnSignals();
  const settings = readSettings();
  console.log(machineLine());
  const database = await createBenchDatabase('bench_observations');
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  onCleanup('pool', () => pool.end());
  await migrate(pool);
  const app = await buildApp({
    pool,
    writesPerMinute: 100_000_000,
    observations: {
      perHour: 100_000,
      proofOfWork: { ...DEFAULT_PROOF_OF_WORK, counterMin: 1, counterMax: 20 },
    },
  });
  onCleanup('app', () => app.close());
  const { key } = await createApiKey(pool, { name: 'bench-cad', role: 'dispatcher' });

  // Challenges are rate-limited per address (120 a minute): the benchmark asks from many.
  let asker = 0;
  const solve = async (): Promise<string> => {
    asker += 1;
    const answer = await app.inject({
      method: 'GET',
      url: '/api/v1/challenge',
      remoteAddress: `172.16.${asker >> 8}.${asker % 256}`,
    });
    if (answer.statusCode !== 200) throw new Error(`challenge: ${answer.statusCode}`);
    const challenge = answer.json<Challenge>();
    const solution = await solveChallenge({ challenge, deriveKey });
    if (!solution) throw new Error('a challenge was not solved');
    return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  };

  const timeEach = async (send: (i: number) => Promise<number>, n: number) => {
    const times: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const started = process.hrtime.bigint();
      const status = await send(i);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (status !== 201 && status !== 202) throw new Error(`a write answered ${status}`);
    }
    return times.sort((a, b) => a - b);
  };

  const rows: (string | number)[][] = [['round', 'kind', 'median ms', 'p90 ms', 'per s']];
  const medians = { incident: [] as number[], observation: [] as number[] };
  for (let round = 1; round <= settings.rounds; round += 1) {
    const incidents = await timeEach(
      async () =>
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/incidents',
            headers: { authorization: `Bearer ${key}` },
            payload: variedIncidentBody(),
          })
        ).statusCode,
      settings.requests,
    );
    const proofs: string[] = [];
    for (let i = 0; i < settings.requests; i += 1) proofs.push(await solve());
    const observations = await timeEach(
      async (i) =>
        (
          await app.inject({
            method: 'POST',
            url: '/api/v1/observations',
            remoteAddress: `10.${round}.${i >> 8}.${i % 256}`,
            headers: { 'x-device-token': randomBytes(18).toString('base64url') },
            payload: observationBody(proofs[i] ?? ''),
          })
        ).statusCode,
      settings.requests,
    );
    for (const [kind, times] of [
      ['incident', incidents],
      ['observation', observations],
    ] as const) {
      const mid = median(times);
      medians[kind].push(mid);
      rows.push([
        round,
        kind,
        mid.toFixed(2),
        percentile(times, 0.9).toFixed(2),
        (1000 / mid).toFixed(0),
      ]);
    }
  }
  console.log(formatTable(rows));
  const incident = median(medians.incident);
  const observation = median(medians.observation);
  console.log(
    `\nmedian per request: incident ${incident.toFixed(2)} ms, observation ${observation.toFixed(2)} ms` +
      ` (×${(observation / incident).toFixed(2)}), one request at a time, in-process`,
  );
}

void runBenchmark('bench:observations', main);
