import { randomBytes } from 'node:crypto';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.js';
import { createApiKey } from '../../server/auth/api-keys.service.js';
import { openDatabase } from '../../server/db/database.js';
import { DEFAULT_PROOF_OF_WORK } from '../../server/observations/proof-of-work.js';
import { incidentBody } from '../../tests/support/incident-factory.js';
import { onCleanup } from './cleanup.js';
import { createBenchDatabase } from './database.js';
import { formatTable, median, percentile } from './stats.js';

/**
 * The per-request cost of creating an observation versus an incident, in-process through
 * app.inject on a real PostgreSQL (a fresh migrated database), in alternating rounds so both
 * see the same machine: POST /api/v1/incidents with a dispatcher key, POST
 * /api/v1/observations anonymously (proof of work checked, rate limits counted, the
 * guardrails run on the text, the anti-targeting count, the record written) without text and
 * with a 500-character corpus text. The proof of work keeps the production PBKDF2 cost (so the
 * server's check costs what it does in production) but a small counter range, and is solved
 * before each timed request, outside the timing. Each report comes from its own device,
 * address and place, so no rate limit or anti-targeting hold changes the path.
 */

export interface CreateCostSettings {
  rounds: number;
  requests: number;
}

type Kind = 'incident' | 'observation' | 'observation + 500-char text';
const KINDS: readonly Kind[] = ['incident', 'observation', 'observation + 500-char text'];

let sequence = 0;

function observationBody(text: string | undefined): Record<string, unknown> {
  sequence += 1;
  // About 2 km apart in a grid over Vancouver: never three reports in one small cell.
  return {
    category: 'graffiti',
    location: {
      lon: -123.3 + (sequence % 40) * 0.03,
      lat: 49.0 + Math.floor(sequence / 40) * 0.02,
    },
    behaviours: ['damaging-property'],
    ...(text === undefined ? {} : { text }),
  };
}

function address(): string {
  const bytes = randomBytes(2);
  return `10.${sequence % 250}.${bytes[0] ?? 0}.${bytes[1] ?? 0}`;
}

/** Solves a challenge as the ALTCHA widget does; asked from the reporter's address (120/min each). */
async function solvedProof(app: FastifyInstance, remoteAddress: string): Promise<string> {
  const response = await app.inject({ method: 'GET', url: '/api/v1/challenge', remoteAddress });
  if (response.statusCode !== 200) throw new Error(`challenge: ${response.statusCode}`);
  const challenge = response.json<Challenge>();
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 10_000 });
  if (!solution) throw new Error('the challenge was not solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

async function timed(run: () => Promise<{ statusCode: number; body: string }>, expect: number) {
  const started = performance.now();
  const response = await run();
  const elapsed = performance.now() - started;
  if (response.statusCode !== expect) {
    throw new Error(
      `expected ${expect}, got ${response.statusCode}: ${response.body.slice(0, 200)}`,
    );
  }
  return elapsed;
}

async function createOne(app: FastifyInstance, kind: Kind, key: string, texts: readonly string[]) {
  if (kind === 'incident') {
    return timed(
      () =>
        app.inject({
          method: 'POST',
          url: '/api/v1/incidents',
          headers: { authorization: `Bearer ${key}` },
          payload: incidentBody(),
        }),
      201,
    );
  }
  const text = kind === 'observation' ? undefined : texts[sequence % texts.length];
  const remoteAddress = address();
  const altcha = await solvedProof(app, remoteAddress);
  const device = randomBytes(18).toString('base64url');
  const body = { ...observationBody(text), altcha };
  return timed(
    () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/observations',
        remoteAddress,
        headers: { 'x-device-token': device },
        payload: body,
      }),
    202,
  );
}

export async function measureCreateCost(
  settings: CreateCostSettings,
  longTexts: readonly string[],
): Promise<void> {
  const db = await createBenchDatabase('openbeat_guardrails_bench');
  const database = await openDatabase({ databaseUrl: db.url, dataDir: '', dbPoolMax: 8 });
  onCleanup('close the database pool', () => database.close());
  const app = await buildApp({
    pool: database.pool,
    writesPerMinute: 1_000_000,
    realtime: { listenUrl: db.url },
    observations: {
      perHour: 1_000_000,
      proofOfWork: { cost: DEFAULT_PROOF_OF_WORK.cost, counterMin: 1, counterMax: 5 },
    },
  });
  onCleanup('close the app', () => app.close());
  const { key } = await createApiKey(database.pool, { name: 'bench-cad', role: 'dispatcher' });

  const times = new Map<Kind, number[]>(KINDS.map((kind) => [kind, []]));
  // One warm-up round, not counted.
  for (const kind of KINDS)
    for (let i = 0; i < 20; i += 1) await createOne(app, kind, key, longTexts);
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const kind of KINDS) {
      for (let i = 0; i < settings.requests; i += 1) {
        times.get(kind)?.push(await createOne(app, kind, key, longTexts));
      }
    }
  }
  const rows = KINDS.map((kind) => {
    const list = [...(times.get(kind) ?? [])].sort((a, b) => a - b);
    return { kind, median: median(list), p95: percentile(list, 0.95) };
  });
  const incident = rows[0]?.median ?? Number.NaN;
  console.log(
    `\n2. create cost per request, app.inject on PostgreSQL ${db.server}, ` +
      `${settings.rounds} alternating rounds of ${settings.requests} each (ms):`,
  );
  console.log(
    formatTable(
      [
        ['request', 'median', 'p95', '× incident'],
        ...rows.map((r) => [
          r.kind,
          r.median.toFixed(2),
          r.p95.toFixed(2),
          (r.median / incident).toFixed(2),
        ]),
      ],
      'lrrr',
    ),
  );
}
