import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ROUTE_PATHS } from '../../shared/client-routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The server's side of the client's routes: deep links open the client, other paths 404. */
const INDEX_HTML = '<!doctype html><title>client shell</title><div id="app"></div>';
const PRIVACY_HTML = '<!doctype html><title>privacy</title>';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let distDir: string;
let t: TestApp;

beforeAll(async () => {
  distDir = await mkdtemp(path.join(tmpdir(), 'openbeat-client-routes-'));
  await writeFile(path.join(distDir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(distDir, 'privacy.html'), PRIVACY_HTML);
  t = await startTestApp({ clientDistDir: distDir });
});

afterAll(async () => {
  await t.close();
  await rm(distDir, { recursive: true, force: true });
});

describe("the client's pages, by path", () => {
  it.each(CLIENT_ROUTE_PATHS)('answers %s with the client, uncached', async (page) => {
    for (const accept of [BROWSER_ACCEPT, '*/*']) {
      const response = await t.app.inject({ url: page, headers: { accept } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toBe(INDEX_HTML);
    }
  });

  it('opens the client with a 404 for a page it does not have, so it can say so', async () => {
    for (const url of ['/no/such/page', '/moderation-queue?lang=de', '/api/v1/nothing-here']) {
      const response = await t.app.inject({ url, headers: { accept: BROWSER_ACCEPT } });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toBe(INDEX_HTML);
    }
  });

  it('keeps the JSON 404 for what is not a browser opening a page', async () => {
    const requests = [
      { url: '/no/such/page', headers: { accept: 'application/json' } },
      { url: '/no/such/page', headers: {} },
      { url: '/missing.html', headers: { accept: BROWSER_ACCEPT } },
      { url: '/assets/missing.js', headers: { accept: BROWSER_ACCEPT } },
    ];
    for (const request of requests) {
      const response = await t.app.inject(request);
      expect(response.statusCode, request.url).toBe(404);
      expect(response.json(), request.url).toMatchObject({ error: 'not_found' });
    }
    const post = await t.app.inject({
      method: 'POST',
      url: '/no/such/page',
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(post.statusCode).toBe(404);
    expect(post.json()).toMatchObject({ error: 'not_found' });
  });

  it('still serves the files of the build to a browser', async () => {
    const privacy = await t.app.inject({
      url: '/privacy.html',
      headers: { accept: BROWSER_ACCEPT },
    });
    expect(privacy.statusCode).toBe(200);
    expect(privacy.body).toBe(PRIVACY_HTML);
  });
});
