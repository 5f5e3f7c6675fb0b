import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditKey, SignedHead } from '../../shared/audit/signed-head.js';
import { signHead, signingKeyFromSeed } from '../../server/audit/head-signature.js';
import { withholdEvents } from '../../server/audit/withholding.service.js';
import {
  deleteEvent,
  editEvent,
  rewriteHistoryFrom,
  swapEvents,
} from '../support/record-tampering.js';
import { appendSyntheticEvents } from '../support/synthetic-events.js';
import { listen, startTestApp, type TestApp } from '../support/test-app.js';
import { runVerify } from '../support/verify-cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'openbeat-verify-'));
const file = (name: string) => path.join(dir, name);
const otherKey = signingKeyFromSeed(randomBytes(32));

/** A record of its own: 40 synthetic events, the 5th withheld by a court order (event 41). */
async function recordOnItsOwn(): Promise<{ t: TestApp; url: string }> {
  const t = await startTestApp();
  await appendSyntheticEvents(t.db.pool, 40, 16);
  await withholdEvents(t.app.records, { events: [5], reason: 'court_order', note: 'test' });
  return { t, url: await listen(t) };
}

/** A server in front of `target` that answers /api/v1/audit/head with a head signed by `otherKey`. */
function resigningProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    void (async () => {
      const upstream = await fetch(new URL(request.url ?? '/', target));
      let body = await upstream.text();
      if (request.url === '/api/v1/audit/head') {
        const head = JSON.parse(body) as SignedHead;
        body = JSON.stringify({ ...signHead(otherKey, head), keyId: head.keyId });
      }
      response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
    })();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise((done) => {
            server.close(() => {
              done();
            });
          }),
      });
    });
  });
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// Each test runs the CLI as child processes (a start-up of tsx each): minutes on a busy machine.
describe('npm run verify on a clean record', { timeout: 180_000 }, () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    ({ t, url } = await recordOnItsOwn());
  });
  afterAll(async () => {
    await t.close();
  });

  it('verifies it, says what it holds, and saves the head', async () => {
    const run = await runVerify(['--url', url, '--save-head', file('clean.json')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OK: 41 events verified \(1 withheld, 0 erased\)/);
    expect(run.stdout).toMatch(/head: treeSize 41, rootHash [0-9a-f]{64}/);
    const saved = JSON.parse(readFileSync(file('clean.json'), 'utf8')) as SignedHead & {
      frontier: string[];
    };
    expect(saved).toMatchObject({ treeSize: 41, id: 41 });
    expect(saved.frontier).toHaveLength(3); // 41 = 32 + 8 + 1: three subtrees
  });

  it('checks a saved head later, once more events were appended', async () => {
    await appendSyntheticEvents(t.db.pool, 30, 10);
    const run = await runVerify(['--url', url, '--head', file('clean.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OK: 71 events verified/);
    expect(run.stdout).toContain('it extends the saved head of 41 events');
  });

  it('holds the server to a key given with --key', async () => {
    const key = (await (await fetch(`${url}/.well-known/openbeat-audit-key`)).json()) as AuditKey;
    writeFileSync(file('key.json'), JSON.stringify(key));
    expect((await runVerify(['--url', url, '--key', file('key.json')])).code).toBe(0);
    writeFileSync(file('key.pem'), key.pem);
    expect((await runVerify(['--url', url, '--key', file('key.pem')])).code).toBe(0);
    expect((await runVerify(['--url', url, '--key', key.publicKey])).code).toBe(0);
    const other = await runVerify(['--url', url, '--key', otherKey.published.publicKey]);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/^BROKEN: bad key: the server publishes key [0-9a-f]{32}/);
  });

  it('rejects a saved head signed by another key', async () => {
    const saved = JSON.parse(readFileSync(file('clean.json'), 'utf8')) as SignedHead;
    writeFileSync(
      file('forged.json'),
      JSON.stringify({ ...signHead(otherKey, saved), keyId: saved.keyId }),
    );
    const run = await runVerify(['--url', url, '--head', file('forged.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^BROKEN: bad signature: the saved head \(41 events/);
  });

  it('rejects a server whose head is signed by another key', async () => {
    const proxy = await resigningProxy(url);
    try {
      const run = await runVerify(['--url', proxy.url]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^BROKEN: bad signature: the head of 71 events does not verify/);
    } finally {
      await proxy.close();
    }
  });

  it('says when the server cannot be read', async () => {
    const run = await runVerify(['--url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /GET http:\/\/127\.0\.0\.1:9\/\.well-known\/openbeat-audit-key failed/,
    );
  });
});

describe('npm run verify on a record changed in SQL', { timeout: 180_000 }, () => {
  const cases = [
    {
      name: 'an event edited in place',
      tamper: (url: string) => editEvent(url, 17),
      expected: /^BROKEN at event 17: content hash: the public part does not match its publicHash/,
    },
    {
      name: 'an event deleted',
      tamper: (url: string) => deleteEvent(url, 17),
      expected: /^BROKEN at event 17: event 17 is missing: the record goes from event 16 to 18/,
    },
    {
      name: 'two events reordered',
      tamper: (url: string) => swapEvents(url, 17, 18),
      expected: /^BROKEN at event 17: prev link: its prevHash is not the hash of event 16/,
    },
    {
      name: 'the history rewritten from an event on, every hash recomputed',
      tamper: (url: string) => rewriteHistoryFrom(url, 17),
      expected:
        /^BROKEN at event 17: root mismatch: .*; event 17 as served today is not the event 17 that head signed/,
    },
  ];
  for (const { name, tamper, expected } of cases) {
    it(`finds ${name} at its id`, async () => {
      const { t, url } = await recordOnItsOwn();
      try {
        expect((await runVerify(['--url', url])).code).toBe(0);
        await tamper(t.db.url);
        const run = await runVerify(['--url', url]);
        expect(run.stdout).toMatch(expected);
        expect(run.code).toBe(1);
      } finally {
        await t.close();
      }
    });
  }

  it('finds a history rewritten before a saved head, naming the event', async () => {
    const { t, url } = await recordOnItsOwn();
    try {
      expect((await runVerify(['--url', url, '--save-head', file('before.json')])).code).toBe(0);
      await appendSyntheticEvents(t.db.pool, 10, 10);
      await rewriteHistoryFrom(t.db.url, 17);
      const run = await runVerify(['--url', url, '--head', file('before.json')]);
      expect(run.stdout).toMatch(
        /^BROKEN at event 17: rewritten before the saved head: the root over events 1\.\.41 is [0-9a-f]{64}, the saved head signed [0-9a-f]{64}; the first rewritten event is among events 1–32; event 17 as served today/,
      );
      expect(run.code).toBe(1);
    } finally {
      await t.close();
    }
  });
});
