import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyConsistency, verifyInclusion } from '../../shared/audit/merkle.js';
import {
  signedHeadMessage,
  type AuditKey,
  type SignedHead,
} from '../../shared/audit/signed-head.js';
import { buildApp } from '../../server/app.js';
import { incidentBody } from '../support/incident-factory.js';
import { leafInput, mth, path, proof } from '../support/rfc9162-reference.js';
import { appendSyntheticEvents } from '../support/synthetic-events.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let chainHashes: string[];
const hex = (bytes: Buffer) => bytes.toString('hex');

async function getJson(url: string) {
  return t.app.inject({ method: 'GET', url });
}

beforeAll(async () => {
  t = await startTestApp();
  // Real events through the API (an incident and its change), then synthetic ones: 33 in all.
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody(),
  });
  expect(created.statusCode).toBe(201);
  const { rows } = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  await appendSyntheticEvents(t.db.pool, 33 - (rows[0]?.n ?? 0), 7);
  const hashes = await t.db.pool.query<{ hash: string }>('SELECT hash FROM events ORDER BY id');
  chainHashes = hashes.rows.map((row) => row.hash);
  expect(chainHashes).toHaveLength(33);
});

afterAll(async () => {
  await t.close();
});

describe('signed heads', () => {
  it('signs the latest head with the key published at the well-known URL', async () => {
    const key = (await getJson('/.well-known/openbeat-audit-key')).json<AuditKey>();
    const headResponse = await getJson('/api/v1/audit/head');
    const status = headResponse.statusCode;
    const head = headResponse.json<SignedHead>();
    expect(status).toBe(200);
    expect(head).toMatchObject({ id: 33, treeSize: 33, hash: chainHashes[32], keyId: key.keyId });
    expect(head.rootHash).toBe(hex(mth(chainHashes.map(leafInput))));
    const message = Buffer.from(signedHeadMessage(head), 'utf8');
    expect(message.toString()).toBe(
      `{"format":"openbeat-audit-head/1","hash":"${head.hash}","rootHash":"${head.rootHash}","timestamp":"${head.timestamp}","treeSize":33}`,
    );
    const publicKey = createPublicKey(key.pem);
    expect(verify(null, message, publicKey, Buffer.from(head.signature, 'base64'))).toBe(true);
    const raw = createPublicKey({ key: key.jwk, format: 'jwk' });
    expect(raw.equals(publicKey)).toBe(true);
    expect(Buffer.from(key.publicKey, 'base64')).toHaveLength(32);
    // A changed field no longer verifies.
    const forged = Buffer.from(signedHeadMessage({ ...head, treeSize: 32 }), 'utf8');
    expect(verify(null, forged, publicKey, Buffer.from(head.signature, 'base64'))).toBe(false);
  });

  it('keeps one key for every process of the deployment, across restarts', async () => {
    const first = (await getJson('/.well-known/openbeat-audit-key')).json<AuditKey>();
    const other = await buildApp({ pool: t.db.pool, writesPerMinute: 1000 });
    try {
      const response = await other.inject({
        method: 'GET',
        url: '/.well-known/openbeat-audit-key',
      });
      expect(response.json<AuditKey>().keyId).toBe(first.keyId);
    } finally {
      await other.close();
    }
    const kept = await t.db.pool.query('SELECT 1 FROM server_secrets WHERE name = $1', [
      'audit_head_ed25519_seed',
    ]);
    expect(kept.rowCount).toBe(1);
  });

  it('is in the OpenAPI document', async () => {
    const body = (await getJson('/docs/json')).json<{ paths: Record<string, unknown> }>();
    for (const route of [
      '/api/v1/audit/head',
      '/api/v1/audit/proof/inclusion',
      '/api/v1/audit/proof/consistency',
      '/.well-known/openbeat-audit-key',
    ]) {
      expect(body.paths).toHaveProperty([route]);
    }
  });
});

// 1,122 proofs through the whole app, one at a time.
describe(
  'proofs over the stored tree, against RFC 9162 written out in the test',
  { timeout: 120_000 },
  () => {
    it('gives the RFC PATH of every event in every tree of 1..33 events', async () => {
      const leaves = chainHashes.map(leafInput);
      for (let n = 1; n <= 33; n += 1) {
        const root = hex(mth(leaves.slice(0, n)));
        for (let m = 0; m < n; m += 1) {
          const response = await getJson(`/api/v1/audit/proof/inclusion?event=${m + 1}&head=${n}`);
          const status = response.statusCode;
          const body = response.json<{
            path: string[];
            rootHash: string;
            leafHash: string;
          }>();
          expect(status).toBe(200);
          expect(body.path).toEqual(path(m, leaves.slice(0, n)).map(hex));
          expect(body.rootHash).toBe(root);
          expect(body.leafHash).toBe(hex(mth([leaves[m] as Buffer])));
          expect(
            verifyInclusion({ index: m, size: n, leafHash: body.leafHash, path: body.path, root }),
          ).toBe(true);
        }
      }
    });

    it('gives the RFC PROOF between every pair of sizes m ≤ n ≤ 33', async () => {
      const leaves = chainHashes.map(leafInput);
      for (let n = 1; n <= 33; n += 1) {
        for (let m = 1; m <= n; m += 1) {
          const response = await getJson(`/api/v1/audit/proof/consistency?from=${m}&to=${n}`);
          const status = response.statusCode;
          const body = response.json<{
            proof: string[];
            fromRoot: string;
            toRoot: string;
          }>();
          expect(status).toBe(200);
          expect(body.proof).toEqual(proof(m, leaves.slice(0, n)).map(hex));
          expect(body.fromRoot).toBe(hex(mth(leaves.slice(0, m))));
          expect(body.toRoot).toBe(hex(mth(leaves.slice(0, n))));
          expect(verifyConsistency({ from: m, to: n, ...body })).toBe(true);
        }
      }
    });

    it('answers proofs that cannot exist with a 4xx', async () => {
      const cases: [string, number][] = [
        ['/api/v1/audit/proof/inclusion?event=34&head=33', 400],
        ['/api/v1/audit/proof/inclusion?event=1&head=34', 409],
        ['/api/v1/audit/proof/inclusion?event=0&head=3', 400],
        ['/api/v1/audit/proof/inclusion?event=x&head=3', 400],
        ['/api/v1/audit/proof/inclusion?event=1', 400],
        ['/api/v1/audit/proof/consistency?from=5&to=4', 400],
        ['/api/v1/audit/proof/consistency?from=1&to=40', 409],
        ['/api/v1/audit/proof/consistency?from=0&to=4', 400],
      ];
      for (const [url, status] of cases) {
        const response = await getJson(url);
        expect({ url, status: response.statusCode }).toEqual({ url, status });
        expect(response.json<{ message: string }>().message).toEqual(expect.any(String));
      }
    });
  },
);
