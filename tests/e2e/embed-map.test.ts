import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDistricts } from '../../server/districts/import-districts.js';
import { createUser, signIn } from '../support/accounts.js';
import { CLIENT_DIST_DIR } from '../support/client-build.js';
import {
  MAP_READY_MS,
  SETTLE_MS,
  axeAudit,
  formatAxe,
  recordTraffic,
  screenshot,
  useBrowser,
} from '../support/browser.js';
import { serverForTest, type InProcessServer } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * The map embed (issue 14) as a newsroom's page shows it: an iframe on another site (a second
 * local server, on `localhost`, framing the app on `127.0.0.1`: another origin and another
 * site). It loads, draws the incidents and lists them, takes a new one live, refuses bad
 * parameters with a message, sets no cookie, passes axe, and keeps its JavaScript budget.
 */
const browser = useBrowser('embed-map');
const poll = { timeout: SETTLE_MS, interval: 200 };

/** The embed's own JavaScript, gzip, MapLibre aside (issue 14). */
const BUDGET_BYTES = 60 * 1024;

const BBOX = '-123.14,49.27,-123.10,49.29';
const DISTRICT = {
  name: 'Alder Flats',
  ring: [
    [-123.14, 49.27],
    [-123.1, 49.27],
    [-123.1, 49.29],
    [-123.14, 49.29],
    [-123.14, 49.27],
  ],
};

/** The newsroom: serves one page with the embed's iframe, its `src` given in the query. */
let newsroom: Server;
let newsroomUrl = '';

beforeAll(async () => {
  newsroom = createServer((request, response) => {
    const src = new URL(request.url ?? '/', 'http://localhost').searchParams.get('src') ?? '';
    const escaped = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html lang="en"><head><title>Newsroom</title></head><body><main>` +
        `<h1>Tonight in the city</h1>` +
        `<iframe title="Live map of incidents" src="${escaped}" width="640" height="480"></iframe>` +
        `</main></body></html>`,
    );
  });
  await new Promise<void>((resolve) => newsroom.listen(0, '127.0.0.1', resolve));
  newsroomUrl = `http://localhost:${(newsroom.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => newsroom.close(resolve));
});

async function openInFrame(page: Page, embedUrl: string): Promise<Frame> {
  await page.goto(`${newsroomUrl}?src=${encodeURIComponent(embedUrl)}`, { timeout: 30_000 });
  const handle = await page.locator('iframe').elementHandle();
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the iframe has no frame');
  await frame.waitForLoadState('domcontentloaded');
  return frame;
}

interface FrameMap {
  getSource(id: string): {
    getClusterLeaves(id: number, limit: number, offset: number): Promise<FrameFeature[]>;
  };
  queryRenderedFeatures(options: { layers: string[] }): FrameFeature[];
  getStyle(): { layers: { id: string }[] };
  loaded(): boolean;
}
interface FrameFeature {
  properties: Record<string, unknown>;
}

/** The incident ids drawn in the frame's map (clusters expanded), sorted. */
function drawnIds(frame: Frame): Promise<string[]> {
  return frame.evaluate(async () => {
    const map = (globalThis as unknown as { openbeatMap?: FrameMap }).openbeatMap;
    if (!map) return [];
    const layers = map
      .getStyle()
      .layers.map((layer) => layer.id)
      .filter((id) => id === 'incidents-points' || id === 'incidents-clusters');
    const ids = new Set<string>();
    for (const feature of map.queryRenderedFeatures({ layers })) {
      const clusterId = feature.properties.cluster_id;
      if (typeof clusterId === 'number') {
        const leaves = await map.getSource('incidents').getClusterLeaves(clusterId, Infinity, 0);
        for (const leaf of leaves) ids.add(String(leaf.properties.incidentId));
      } else ids.add(String(feature.properties.incidentId));
    }
    return [...ids].sort();
  });
}

/** The incident ids in the frame's table, in its order. */
function tableIds(frame: Frame): Promise<string[]> {
  return frame
    .locator('[data-testid=embed-table] tbody tr[data-layer=incidents]')
    .evaluateAll((rows) =>
      rows.map((row) => (row as unknown as { dataset: { id?: string } }).dataset.id ?? ''),
    );
}

async function waitForEmbedMap(frame: Frame): Promise<void> {
  await frame.waitForFunction(
    () => (globalThis as unknown as { openbeatMap?: FrameMap }).openbeatMap !== undefined,
    undefined,
    { timeout: MAP_READY_MS },
  );
}

async function createIncidents(server: InProcessServer) {
  const older = await server.api.createIncident(
    incidentAt(
      { lon: -123.13, lat: 49.275 },
      { category: 'theft', occurredAt: new Date(Date.now() - 3_600_000).toISOString() },
    ),
  );
  const newer = await server.api.createIncident(
    incidentAt({ lon: -123.11, lat: 49.285 }, { category: 'robbery' }),
  );
  // Outside the area: never shown.
  await server.api.createIncident(incidentAt({ lon: -123.05, lat: 49.22 }, { category: 'theft' }));
  return { older, newer };
}

/** The JavaScript files a page loaded from the app, by path under client/dist. */
function loadedScripts(page: Page, appOrigin: string): Set<string> {
  const scripts = new Set<string>();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin === appOrigin && /\.m?js$/.test(url.pathname)) scripts.add(url.pathname);
  });
  return scripts;
}

/** A chunk is MapLibre's when its source map says it was made from maplibre-gl. */
async function isMapLibre(file: string): Promise<boolean> {
  if (/maplibre-gl-worker/.test(file)) return true;
  const map = await readFile(`${file}.map`, 'utf8').catch(() => null);
  if (map === null) return false;
  const { sources } = JSON.parse(map) as { sources: string[] };
  return sources.length > 0 && sources.every((source) => source.includes('maplibre-gl'));
}

describe('the map embed in another site’s iframe', { timeout: 240_000 }, () => {
  it('draws and lists the incidents, takes new ones live, sets no cookie, passes axe, keeps its budget', async () => {
    const server = await serverForTest();
    const { older, newer } = await createIncidents(server);
    const appOrigin = new URL(server.url).origin;
    const { context, page, errors } = await browser.newPage('embed-map');
    const setCookies: string[] = [];
    page.on('response', (response) => {
      const header = response.headers()['set-cookie'];
      if (header) setCookies.push(`${response.url()}: ${header}`);
    });
    const scripts = loadedScripts(page, appOrigin);

    const frame = await openInFrame(page, `${server.url}/embed?bbox=${BBOX}&lang=en`);
    await waitForEmbedMap(frame);
    await expect.poll(() => tableIds(frame), poll).toEqual([newer.id, older.id]);
    await expect.poll(() => drawnIds(frame), poll).toEqual([older.id, newer.id].sort());
    await expect
      .poll(() => frame.locator('[data-testid=embed-live]').getAttribute('data-status'), poll)
      .toBe('live');
    expect(await frame.locator('html').getAttribute('lang')).toBe('en');
    const caption = await frame.locator('[data-testid=embed-table] caption').textContent();
    expect(caption).toContain('newest first');
    const link = frame.locator('[data-testid=embed-full-map]');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener');
    expect(await link.getAttribute('href')).toMatch(/^\/\?window=24h&layers=incidents&lang=en#/);
    expect(await frame.locator('.maplibregl-ctrl-attrib').textContent()).toContain('Openbeat');
    const asOfBefore = await frame.locator('[data-testid=embed-as-of]').getAttribute('datetime');
    expect(asOfBefore).not.toBeNull();
    await screenshot(page, 'embed-map', '1-loaded');

    // Live: a new incident in the area appears on the map, in the table, and is announced.
    const live = await server.api.createIncident(
      incidentAt({ lon: -123.12, lat: 49.28 }, { category: 'burglary' }),
    );
    await expect.poll(() => tableIds(frame), poll).toContain(live.id);
    await expect.poll(() => drawnIds(frame), poll).toContain(live.id);
    expect(await frame.locator('[data-testid=embed-as-of]').getAttribute('datetime')).not.toBe(
      asOfBefore,
    );
    await expect
      .poll(() => frame.locator('[data-testid=embed-announcer]').textContent(), poll)
      .toContain('New incident: Burglary');
    await screenshot(page, 'embed-map', '2-live');

    // Keyboard: the map canvas and the table's toggle take the focus.
    await frame.locator('canvas.maplibregl-canvas').focus();
    const focused = () =>
      frame.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { tagName: string } | null } })
            .document.activeElement?.tagName,
      );
    expect(await focused()).toBe('CANVAS');
    await frame.locator('details.embed-table summary').focus();
    await page.keyboard.press('Enter');
    expect(await frame.locator('details.embed-table').getAttribute('open')).toBe('');

    const { violations } = await axeAudit(page);
    expect(
      violations.map((v) => v.id),
      formatAxe('embed in a frame', violations),
    ).toEqual([]);

    expect(await context.cookies()).toEqual([]);
    expect(setCookies).toEqual([]);
    // Nothing stored either. This Chromium blocks the frame's (third-party) storage outright,
    // and the embed above worked all the same; where storage is open, it must be empty.
    const stored = await frame.evaluate(async () => {
      const scope = globalThis as unknown as {
        localStorage: { length: number };
        sessionStorage: { length: number };
        caches: { keys(): Promise<string[]> };
      };
      const read = async (what: () => number | Promise<number>) => {
        try {
          return await what();
        } catch {
          return 'blocked';
        }
      };
      return [
        await read(() => scope.localStorage.length),
        await read(() => scope.sessionStorage.length),
        await read(async () => (await scope.caches.keys()).length),
      ];
    });
    for (const entry of stored) expect([0, 'blocked']).toContain(entry);
    console.log(`embed storage (localStorage, sessionStorage, caches): ${stored.join(', ')}`);
    expect(errors).toEqual([]);

    // The budget: what the embed loaded, gzip, MapLibre's chunk and worker aside.
    let total = 0;
    const counted: string[] = [];
    for (const script of [...scripts].sort()) {
      const file = path.join(CLIENT_DIST_DIR, script);
      if (await isMapLibre(file)) continue;
      const gzipped = gzipSync(await readFile(file), { level: 9 }).length;
      total += gzipped;
      counted.push(`${script} ${gzipped}`);
    }
    console.log(
      `embed JavaScript budget: ${total} bytes gzip (limit ${BUDGET_BYTES}), MapLibre aside:\n  ${counted.join('\n  ')}`,
    );
    expect(counted.length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('fits a named district, dark and German; public only, even beside a dispatcher session', async () => {
    const server = await serverForTest();
    await importDistricts(
      server.testApp.db.pool,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: DISTRICT.name },
            geometry: { type: 'Polygon', coordinates: [DISTRICT.ring] },
          },
        ],
      }),
      { nameProperty: 'name', source: 'e2e' },
    );
    const { older, newer } = await createIncidents(server);
    // The browser holds a dispatcher's session for the app's origin: the embed must not use it.
    const dispatcher = await createUser(server.testApp.db.pool, { role: 'dispatcher', totp: true });
    const session = await signIn(server.url, dispatcher);
    const separator = session.cookie.indexOf('=');
    const { context, page } = await browser.newPage('embed-map-district');
    await context.addCookies([
      {
        name: session.cookie.slice(0, separator),
        value: session.cookie.slice(separator + 1),
        url: server.url,
      },
    ]);
    const traffic = recordTraffic(page);
    // Opened on its own (same origin as the session): the cookie goes along, and is ignored.
    await page.goto(
      `${server.url}/embed?district=${encodeURIComponent('alder flats')}&theme=dark&lang=de`,
      { timeout: 30_000 },
    );
    const frame = page.mainFrame();
    await waitForEmbedMap(frame);
    await expect.poll(() => tableIds(frame), poll).toEqual([newer.id, older.id]);
    await expect
      .poll(() => frame.locator('[data-testid=embed-live]').getAttribute('data-status'), poll)
      .toBe('live');
    const exact = { lon: -123.123457, lat: 49.281234 };
    const live = await server.api.createIncident(incidentAt(exact, { category: 'robbery' }));
    await expect.poll(() => tableIds(frame), poll).toContain(live.id);
    await traffic.settled();
    const received = [...traffic.frames, ...traffic.bodies.map((b) => b.body)].join('\n');
    expect(received).toContain(live.id);
    expect(received).not.toContain('"locationPrecision":"exact"');
    expect(received).not.toContain(String(exact.lon));
    expect(received).not.toContain(String(exact.lat));

    expect(await frame.locator('html').getAttribute('lang')).toBe('de');
    expect(await frame.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await frame.locator('[data-testid=embed-full-map]').textContent()).toContain(
      'Vollständige Karte öffnen',
    );
    const outline = await frame.evaluate(
      () =>
        (globalThis as unknown as { openbeatMap: FrameMap }).openbeatMap.queryRenderedFeatures({
          layers: ['embed-district'],
        }).length,
    );
    expect(outline).toBeGreaterThan(0);
    const { violations } = await axeAudit(page);
    expect(
      violations.map((v) => v.id),
      formatAxe('dark German embed', violations),
    ).toEqual([]);
    await screenshot(page, 'embed-map', '3-district-dark-de');
  });

  it('says in the frame which parameter is wrong, with a good value, never a blank map', async () => {
    const server = await serverForTest();
    const { page } = await browser.newPage('embed-map-problems');
    const cases: { query: string; param: string; says: string; example: string }[] = [
      {
        query: 'lang=fr',
        param: 'lang',
        says: 'The value of “lang” is not valid',
        example: 'lang=de',
      },
      {
        query: 'bbox=1,2,3',
        param: 'bbox',
        says: '“bbox” is not valid: “1,2,3”',
        example: 'bbox=-123.2',
      },
      { query: 'zoom=12', param: 'zoom', says: '“zoom” is not a parameter', example: 'district' },
      {
        query: 'window=custom&from=yesterday&to=2026-11-02T00:00:00Z',
        param: 'from',
        says: '“from” is not valid',
        example: 'window=custom&from=',
      },
      {
        query: 'lang=de&theme=sepia',
        param: 'theme',
        says: 'Der Wert von „theme“ ist ungültig',
        example: 'theme=dark',
      },
      {
        query: 'district=Nowhere',
        param: 'district',
        says: 'no district named “Nowhere”',
        example: '',
      },
    ];
    for (const { query, param, says, example } of cases) {
      const frame = await openInFrame(page, `${server.url}/embed?${query}`);
      const problem = frame.locator(`[data-testid=embed-problem] li[data-param="${param}"]`);
      await problem.waitFor({ state: 'visible', timeout: SETTLE_MS });
      const text = (await problem.textContent()) ?? '';
      expect(text, query).toContain(says);
      expect(text, query).toContain(example);
      expect(await frame.locator('.maplibregl-canvas').count(), query).toBe(0);
    }
    const { violations } = await axeAudit(page);
    expect(
      violations.map((v) => v.id),
      formatAxe('embed problem', violations),
    ).toEqual([]);
  });
});
