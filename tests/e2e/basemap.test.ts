import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SETTLE_MS, openMap, screenshot, useBrowser } from '../support/browser.js';
import { serverForTest, startChildServer } from '../support/e2e-server.js';

/**
 * The basemap in a real browser against the real server: the offline one (Vancouver's streets
 * and neighbourhood names, lakes as water, its sources credited) and a deployer's PMTiles
 * archive served by the server itself in byte ranges. Nothing is fetched from another host.
 */
const browser = useBrowser('basemap');
const poll = { timeout: SETTLE_MS, interval: 200 };
const FLORENCE_PMTILES = fileURLToPath(
  new URL('../fixtures/basemap/firenze-2023.pmtiles', import.meta.url),
);

interface RenderedFeature {
  properties: Record<string, unknown>;
}

interface BasemapPageMap {
  queryRenderedFeatures(
    geometryOrOptions?: [number, number] | { layers: string[] },
    options?: { layers: string[] },
  ): RenderedFeature[];
  project(lonLat: [number, number]): { x: number; y: number };
  getStyle(): { layers: { id: string; type: string; 'source-layer'?: string }[] };
}

/** The page's map (window.openbeatMap), inside page.evaluate. */
type PageGlobals = { openbeatMap: BasemapPageMap; location: { hash: string } };

/** How many features the page's map draws in `layers` now. */
function renderedCount(page: Page, layers: string[]): Promise<number> {
  return page.evaluate(
    (ids) =>
      (globalThis as unknown as PageGlobals).openbeatMap.queryRenderedFeatures({ layers: ids })
        .length,
    layers,
  );
}

/** The names drawn by a symbol layer. */
function renderedNames(page: Page, layer: string): Promise<string[]> {
  return page.evaluate((id) => {
    const map = (globalThis as unknown as PageGlobals).openbeatMap;
    const names = map.queryRenderedFeatures({ layers: [id] }).map((f) => f.properties.name);
    return [...new Set(names.map(String))].sort();
  }, layer);
}

function attributionText(page: Page): Promise<string> {
  return page.locator('.maplibregl-ctrl-attrib-inner').innerText();
}

/** Every request of the page, and the status of every response, from now on. */
function recordRequests(page: Page) {
  const requested: string[] = [];
  const answered: { url: string; status: number }[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('response', (response) =>
    answered.push({ url: response.url(), status: response.status() }),
  );
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return {
    requested,
    answered,
    consoleErrors,
    elsewhere(ownUrl: string) {
      const own = new URL(ownUrl).origin;
      return requested.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== own);
    },
  };
}

describe('the basemap', { timeout: 180_000 }, () => {
  it('draws Vancouver streets, neighbourhood names and lakes offline, and credits its sources', async () => {
    const server = await serverForTest();
    const { page, errors } = await browser.newPage('offline');
    const traffic = recordRequests(page);

    // Downtown at street level: streets from the static vector tiles.
    await openMap(page, server.url, '/#15/49.2805/-123.1207');
    await expect.poll(() => renderedCount(page, ['basemap-streets']), poll).toBeGreaterThan(30);
    expect(await renderedCount(page, ['basemap-streets-casing'])).toBeGreaterThan(30);
    const tiles = traffic.requested.filter((url) => url.includes('/basemap/vancouver-streets/'));
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.every((url) => /\/vancouver-streets\/14\/\d+\/\d+\.pbf$/.test(url))).toBe(true);
    await expect
      .poll(() => attributionText(page), poll)
      .toContain('Contains information licensed under the Open Government Licence – Vancouver');
    expect(await attributionText(page)).toContain('Natural Earth');
    await screenshot(page, 'basemap', '1a-downtown-streets');

    // The whole city: neighbourhood names, drawn with the bundled glyphs.
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.hash = '12.3/49.25/-123.11';
    });
    await expect
      .poll(() => renderedNames(page, 'basemap-area-labels'), poll)
      .toEqual(expect.arrayContaining(['Downtown', 'Mount Pleasant', 'Riley Park', 'Sunset']));
    expect(await renderedCount(page, ['basemap-streets'])).toBeGreaterThan(100);
    expect(traffic.requested.some((url) => url.includes('/fonts/Noto%20Sans%20Medium/'))).toBe(
      true,
    );
    await screenshot(page, 'basemap', '1b-neighbourhood-names');

    // Chicago: Lake Michigan is water, the city beside it land.
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).location.hash = '11/41.88/-87.62';
    });
    const lakeAt = (lonLat: [number, number]) =>
      page.evaluate((point) => {
        const map = (globalThis as unknown as PageGlobals).openbeatMap;
        const { x, y } = map.project(point);
        return map.queryRenderedFeatures([x, y], { layers: ['basemap-lakes'] }).length > 0;
      }, lonLat);
    await expect.poll(() => lakeAt([-87.5, 41.9]), poll).toBe(true);
    expect(await lakeAt([-87.7, 41.85])).toBe(false);
    await screenshot(page, 'basemap', '1c-lake-michigan');

    expect(traffic.elsewhere(server.url)).toEqual([]);
    const failed = traffic.answered.filter((response) => response.status >= 400);
    expect(failed).toEqual([]);
    expect(traffic.consoleErrors).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('serves a PMTiles archive (BASEMAP_PMTILES) in byte ranges and draws its roads', async () => {
    const server = await startChildServer({ BASEMAP_PMTILES: FLORENCE_PMTILES });
    onTestFinished(() => server.close());
    const { page, errors } = await browser.newPage('pmtiles');
    const traffic = recordRequests(page);

    await openMap(page, server.url, '/#14/43.7696/11.2558');
    const roadLayers = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).openbeatMap
        .getStyle()
        .layers.filter((layer) => layer['source-layer'] === 'roads' && layer.type === 'line')
        .map((layer) => layer.id),
    );
    expect(roadLayers.length).toBeGreaterThan(5);
    // The 2023 archive names its roads' kind `pmap:kind`: drawn only if the style was adapted.
    await expect.poll(() => renderedCount(page, roadLayers), poll).toBeGreaterThan(50);
    await expect
      .poll(() => renderedCount(page, ['roads_minor', 'roads_major']), poll)
      .toBeGreaterThan(10);
    await expect.poll(() => attributionText(page), poll).toContain('OpenStreetMap');
    expect(await attributionText(page)).toContain('Protomaps');
    await screenshot(page, 'basemap', '2a-florence-pmtiles');

    const archive = traffic.answered.filter((response) =>
      response.url.endsWith('/basemap/city.pmtiles'),
    );
    expect(archive.length).toBeGreaterThan(1);
    expect(archive.every((response) => response.status === 206)).toBe(true);
    // Nothing of the offline basemap is loaded on this one.
    expect(traffic.requested.filter((url) => url.includes('/basemap/land.geojson'))).toEqual([]);
    expect(traffic.elsewhere(server.url)).toEqual([]);
    expect(traffic.answered.filter((response) => response.status >= 400)).toEqual([]);
    expect(traffic.consoleErrors).toEqual([]);
    expect(errors).toEqual([]);
  });
});
