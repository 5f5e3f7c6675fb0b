import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** BASEMAP_PMTILES: the archive served by the app itself, in byte ranges (RFC 9110 §14). */
const FIXTURE = fileURLToPath(new URL('../fixtures/basemap/firenze-2023.pmtiles', import.meta.url));
const URL_PATH = '/basemap/city.pmtiles';

let folder: string;
let archive: string;
let bytes: Buffer;
let t: TestApp;
let without: TestApp;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'openbeat-pmtiles-'));
  archive = path.join(folder, 'city.pmtiles');
  await copyFile(FIXTURE, archive);
  bytes = await readFile(archive);
  t = await startTestApp({ basemapPmtiles: archive });
  without = await startTestApp();
});

afterAll(async () => {
  await t.close();
  await without.close();
  await rm(folder, { recursive: true, force: true });
});

describe('the PMTiles basemap route', () => {
  it('answers one byte range with 206 and exactly those bytes', async () => {
    const header = await t.app.inject({
      method: 'GET',
      url: URL_PATH,
      headers: { range: 'bytes=0-16383' },
    });
    expect(header.statusCode).toBe(206);
    expect(header.headers['content-range']).toBe(`bytes 0-16383/${bytes.length}`);
    expect(header.headers['content-length']).toBe('16384');
    expect(header.headers['accept-ranges']).toBe('bytes');
    expect(header.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(header.rawPayload.equals(bytes.subarray(0, 16384))).toBe(true);
    expect(header.rawPayload.subarray(0, 7).toString('latin1')).toBe('PMTiles');

    const tail = await t.app.inject({
      method: 'GET',
      url: URL_PATH,
      headers: { range: 'bytes=-100' },
    });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(bytes.subarray(bytes.length - 100))).toBe(true);

    // Past the end is clipped (a reader asks for 16 KB of an archive it does not know the size of).
    const clipped = await t.app.inject({
      method: 'GET',
      url: URL_PATH,
      headers: { range: `bytes=${bytes.length - 10}-${bytes.length + 5000}` },
    });
    expect(clipped.statusCode).toBe(206);
    expect(clipped.rawPayload.length).toBe(10);
  });

  it('sends the whole archive without a Range header, and says it takes ranges', async () => {
    const whole = await t.app.inject({ method: 'GET', url: URL_PATH });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(Number(whole.headers['content-length'])).toBe(bytes.length);
    expect(whole.rawPayload.equals(bytes)).toBe(true);
  });

  it('answers 416 with the size for a range it does not hold, in the error shape', async () => {
    for (const range of [`bytes=${bytes.length}-`, 'bytes=10-5', 'bytes=0-1,4-5', 'lines=1-2']) {
      const refused = await t.app.inject({ method: 'GET', url: URL_PATH, headers: { range } });
      expect(refused.statusCode, range).toBe(416);
      expect(refused.headers['content-range']).toBe(`bytes */${bytes.length}`);
      expect(refused.json()).toMatchObject({ error: 'range_not_satisfiable' });
      expect(refused.json<{ message: string }>().message).toContain(String(bytes.length));
    }
    const tooLong = await t.app.inject({
      method: 'GET',
      url: URL_PATH,
      headers: { range: `bytes=${'1'.repeat(300)}-` },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('tells the client where the archive is, and is absent when none is configured', async () => {
    const config = await t.app.inject({ method: 'GET', url: '/client-config.json' });
    expect(config.json()).toEqual({ basemapStyleUrl: null, basemapPmtilesUrl: URL_PATH });
    const none = await without.app.inject({
      method: 'GET',
      url: URL_PATH,
      headers: { range: 'bytes=0-10' },
    });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ error: 'not_found' });
  });

  it('answers 404 in the error shape once the archive is gone, and keeps serving', async () => {
    await rm(archive);
    const gone = await t.app.inject({
      method: 'GET',
      url: URL_PATH,
      headers: { range: 'bytes=0-9' },
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: 'not_found' });
    await copyFile(FIXTURE, archive);
    const back = await t.app.inject({
      method: 'GET',
      url: URL_PATH,
      headers: { range: 'bytes=0-9' },
    });
    expect(back.statusCode).toBe(206);
  });
});
