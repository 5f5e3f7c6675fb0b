import { randomBytes } from 'node:crypto';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { FastifyInstance } from 'fastify';
import { startTestApp, type TestApp } from './test-app.js';

/** A cheap proof of work for tests: the real algorithm and checks, a few derivations each. */
export const TEST_PROOF_OF_WORK = { cost: 1, counterMin: 1, counterMax: 40 };

/** The app with observation limits a test can reach, and a cheap proof of work. */
export function startObservationApp(perHour = 1_000): Promise<TestApp> {
  return startTestApp({ observations: { perHour, proofOfWork: TEST_PROOF_OF_WORK } });
}

/** A device token as the client keeps it in localStorage. */
export function deviceToken(): string {
  return randomBytes(18).toString('base64url');
}

/** Asks the server for a challenge and solves it, as the ALTCHA widget does. */
export async function solvedProof(app: FastifyInstance): Promise<string> {
  const response = await app.inject({ method: 'GET', url: '/api/v1/challenge' });
  if (response.statusCode !== 200) throw new Error(`challenge: ${response.statusCode}`);
  const challenge = response.json<Challenge>();
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 10_000 });
  if (!solution) throw new Error('the challenge was not solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

export interface ReportOptions {
  device?: string;
  address?: string;
  /** A proof to send instead of a fresh one (a replay); null sends none. */
  altcha?: string | null;
  headers?: Record<string, string>;
}

/** POSTs a report as an anonymous resident, with a freshly solved proof of work. */
export async function report(
  app: FastifyInstance,
  body: Record<string, unknown>,
  options: ReportOptions = {},
) {
  const altcha = options.altcha === undefined ? await solvedProof(app) : options.altcha;
  return app.inject({
    method: 'POST',
    url: '/api/v1/observations',
    remoteAddress: options.address ?? '198.51.100.7',
    headers: {
      ...(options.device ? { 'x-device-token': options.device } : {}),
      ...options.headers,
    },
    payload: { ...body, ...(altcha === null ? {} : { altcha }) },
  });
}

/** A minimal valid report body near a place. */
export function reportBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    category: 'graffiti',
    location: { lon: -123.1207, lat: 49.2827 },
    behaviours: ['damaging-property'],
    ...overrides,
  };
}
