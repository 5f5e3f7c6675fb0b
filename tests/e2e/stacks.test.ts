import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  listIds,
  liveStatus,
  mapView,
  metresBetween,
  openMap,
  screenshot,
  useBrowser,
} from '../support/browser.js';
import { serverForTest } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * Incidents that share a public point (stacks), cluster numbers and links to one incident, in
 * Chromium against the real server: the counts are read back from MapLibre's rendered features
 * (the count layers draw them with the bundled glyphs), the panel lists a stack's incidents, and
 * `?incident=<id>` opens one incident wherever and whenever it lies.
 */
const browser = useBrowser('stacks');
const poll = { timeout: SETTLE_MS, interval: 100 };

/** Downtown Vancouver: ten incidents here share one public point. */
const STACK = { lat: 49.2801, lon: -123.1201 };
const ALONE = [
  { lat: 49.2838, lon: -123.1142 },
  { lat: 49.2772, lon: -123.1262 },
];
const SEATTLE = { lat: 47.6062, lon: -122.3321 };

interface RenderedFeature {
  properties: Record<string, unknown>;
  coordinates: [number, number];
  text: string;
}

/** The features MapLibre drew on a layer, with the text it drew for each (its text-field). */
async function rendered(page: Page, layer: string): Promise<RenderedFeature[]> {
  return page.evaluate((id) => {
    interface Drawn {
      properties: Record<string, unknown>;
      geometry: { coordinates: unknown };
      /** The layout as evaluated for this feature: text-field is a Formatted (its text). */
      layer: { layout?: { 'text-field'?: { toString(): string } } };
    }
    const map = (
      globalThis as unknown as {
        openbeatMap?: { queryRenderedFeatures(options: { layers: string[] }): Drawn[] };
      }
    ).openbeatMap;
    if (!map) return [];
    return map.queryRenderedFeatures({ layers: [id] }).map((feature) => ({
      properties: feature.properties,
      coordinates: feature.geometry.coordinates as [number, number],
      text: feature.layer.layout?.['text-field']?.toString() ?? '',
    }));
  }, layer);
}

/** Whether the drawn stack (count > 1) carries the selection ring (feature-state). */
async function stackSelected(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    interface Drawn {
      id?: number | string;
      properties: Record<string, unknown>;
    }
    const map = (
      globalThis as unknown as {
        openbeatMap?: {
          queryRenderedFeatures(options: { layers: string[] }): Drawn[];
          getFeatureState(feature: { source: string; id: number | string }): {
            selected?: boolean;
          };
        };
      }
    ).openbeatMap;
    const stack = map
      ?.queryRenderedFeatures({ layers: ['incidents-points'] })
      .find((feature) => Number(feature.properties.count) > 1);
    if (!map || stack?.id === undefined) return false;
    return map.getFeatureState({ source: 'incidents', id: stack.id }).selected === true;
  });
}

/** Whether a point is drawn inside the map's canvas and outside the detail panel. */
async function inSightBesidePanel(page: Page, lonLat: number[]): Promise<boolean> {
  return page.evaluate((at) => {
    interface Box {
      left: number;
      right: number;
      top: number;
      bottom: number;
    }
    const g = globalThis as unknown as {
      openbeatMap?: {
        project(lonLat: number[]): { x: number; y: number };
        getCanvas(): { getBoundingClientRect(): Box };
      };
      document: { querySelector(selector: string): { getBoundingClientRect(): Box } | null };
    };
    const map = g.openbeatMap;
    if (!map) return false;
    const canvas = map.getCanvas().getBoundingClientRect();
    const { x, y } = map.project(at);
    const px = canvas.left + x;
    const py = canvas.top + y;
    const inside = (box: Box) =>
      px >= box.left && px <= box.right && py >= box.top && py <= box.bottom;
    const panel = g.document.querySelector('[data-testid=incident-panel]');
    return inside(canvas) && !(panel && inside(panel.getBoundingClientRect()));
  }, lonLat);
}

/** Clicks the map where a point is drawn. */
async function clickMapAt(page: Page, lonLat: number[]): Promise<void> {
  const point = await page.evaluate((at) => {
    const map = (
      globalThis as unknown as {
        openbeatMap?: { project(lonLat: number[]): { x: number; y: number } };
      }
    ).openbeatMap;
    if (!map) throw new Error('no map');
    return map.project(at);
  }, lonLat);
  await page.locator('.maplibregl-canvas').click({ position: point });
}

function otherHosts(requested: string[], baseUrl: string): string[] {
  const own = new URL(baseUrl).origin;
  return requested.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== own);
}

describe('stacks, cluster numbers and incident links', { timeout: 180_000 }, () => {
  it('counts a stack of 10 on its symbol and lists all 10; clusters carry their number', async () => {
    const server = await serverForTest();
    const stacked = [];
    for (let i = 0; i < 10; i++) {
      const category = i === 9 ? 'robbery' : 'theft';
      stacked.push(await server.api.createIncident(incidentAt(STACK, { category })));
    }
    const publicPoint = (await server.api.getIncident(stacked[0]?.id ?? '', 'public')).geometry
      .coordinates;
    for (const incident of stacked) {
      const seen = await server.api.getIncident(incident.id, 'public');
      expect(seen.geometry.coordinates, 'the ten share one public point').toEqual(publicPoint);
    }
    const alone = [];
    for (const place of ALONE) alone.push(await server.api.createIncident(incidentAt(place)));

    const { page, errors } = await browser.newPage('stack');
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    // Zoomed out: one cluster of three points (the stack and two alone) that counts 12.
    await openMap(page, server.url, `/#11/${STACK.lat}/${STACK.lon}`);
    await expect.poll(async () => (await listIds(page)).length, poll).toBe(12);
    await expect
      .poll(async () => (await rendered(page, 'incidents-cluster-counts')).map((f) => f.text), poll)
      .toEqual(['12']);
    const [cluster] = await rendered(page, 'incidents-cluster-counts');
    expect(cluster?.properties).toMatchObject({ incidents: 12, point_count: 3 });
    await screenshot(page, 'stacks', '1a-cluster-number');

    // Past the clusters: the ten are one symbol with "10"; the two alone carry no count.
    await page.evaluate(
      ([lat, lon]) => {
        (globalThis as unknown as { location: { hash: string } }).location.hash =
          `16/${lat}/${lon}`;
      },
      [publicPoint[1], publicPoint[0]],
    );
    await expect
      .poll(async () => (await rendered(page, 'incidents-stack-counts')).map((f) => f.text), poll)
      .toEqual(['10']);
    const [badge] = await rendered(page, 'incidents-stack-counts');
    expect(badge?.properties).toMatchObject({ count: 10, category: 'robbery' });
    // On the public point (rendered coordinates are rounded to the tile's grid).
    expect(badge?.properties.stackKey).toBe(publicPoint.join(','));
    const [badgeLon = 0, badgeLat = 0] = badge?.coordinates ?? [];
    expect(
      metresBetween({ lon: badgeLon, lat: badgeLat }, { lon: publicPoint[0], lat: publicPoint[1] }),
    ).toBeLessThan(1);
    const symbols = await rendered(page, 'incidents-points');
    expect(symbols.filter((f) => f.properties.count === 10)).toHaveLength(1);
    // The glyphs came from this server.
    expect(requested.some((url) => url.includes('/fonts/Noto%20Sans%20Medium/'))).toBe(true);
    await screenshot(page, 'stacks', '1b-stack-of-ten');

    // Selecting the stack lists the ten, says how many, and marks them in the list.
    await clickMapAt(page, publicPoint);
    const stackPanel = page.locator('[data-testid=stack-panel]');
    await stackPanel.waitFor({ state: 'visible' });
    const heading = stackPanel.getByRole('heading', { name: '10 incidents at this place' });
    expect(await heading.isVisible()).toBe(true);
    const focusedId = () =>
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      );
    await expect.poll(focusedId).toBe('stack-heading');
    const listed = async () => {
      const ids: (string | null)[] = [];
      for (const button of await stackPanel.locator('button[data-stack-incident]').all()) {
        ids.push(await button.getAttribute('data-stack-incident'));
      }
      return ids;
    };
    expect((await listed()).sort()).toEqual(stacked.map((i) => i.id).sort());
    expect(await page.locator('button[data-incident].in-stack').count()).toBe(10);
    // The selection ring is on the stack's symbol.
    await expect.poll(() => stackSelected(page), poll).toBe(true);
    await screenshot(page, 'stacks', '1c-stack-listed');

    // The stack open: axe finds nothing serious.
    const { violations } = await axeAudit(page);
    expect(
      violations.map((f) => f.id),
      formatAxe('stack open', violations),
    ).toEqual([]);

    // One of them, then back to the ten (by keyboard).
    const newest = stacked[9];
    if (!newest) throw new Error('no incident');
    await stackPanel.locator(`button[data-stack-incident="${newest.id}"]`).click();
    const detail = page.locator('[data-testid=incident-panel]');
    await detail.waitFor({ state: 'visible' });
    expect(await detail.getByRole('heading', { name: 'Robbery' }).isVisible()).toBe(true);
    expect(new URL(page.url()).searchParams.get('incident')).toBe(newest.id);
    await expect.poll(() => stackSelected(page), poll).toBe(true);
    const back = detail.getByRole('button', { name: 'All 10 incidents at this place' });
    await back.focus();
    await page.keyboard.press('Enter');
    await stackPanel.waitFor({ state: 'visible' });
    expect(new URL(page.url()).searchParams.get('incident')).toBeNull();

    // A new incident on the point joins the stack live: the map's count and the panel follow.
    await expect.poll(() => liveStatus(page), poll).toBe('live');
    const late = await server.api.createIncident(incidentAt(STACK, { category: 'traffic' }));
    await expect
      .poll(async () => (await rendered(page, 'incidents-stack-counts')).map((f) => f.text), poll)
      .toEqual(['11']);
    await expect
      .poll(() => stackPanel.getByRole('heading', { level: 2 }).textContent(), poll)
      .toContain('11 incidents at this place');
    expect(await listed()).toContain(late.id);
    await screenshot(page, 'stacks', '1d-stack-grew-live');

    // Escape closes the stack: no ring, no marks in the list.
    await stackPanel.getByRole('button', { name: 'Close' }).press('Escape');
    await stackPanel.waitFor({ state: 'detached' });
    await expect.poll(() => stackSelected(page), poll).toBe(false);
    expect(await page.locator('button[data-incident].in-stack').count()).toBe(0);

    expect(otherHosts(requested, server.url)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('opens a linked incident on load, centred, even outside the first view and the window', async () => {
    const server = await serverForTest();
    await server.api.createIncident(incidentAt(STACK));
    const far = await server.api.createIncident(incidentAt(SEATTLE, { category: 'robbery' }));
    const old = await server.api.createIncident(
      incidentAt(ALONE[0] ?? STACK, {
        category: 'burglary',
        occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      }),
    );
    const { page, errors } = await browser.newPage('link');
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    // A link with a view of Vancouver names the Seattle incident: the incident wins.
    await openMap(page, server.url, `/?incident=${far.id}#14/${STACK.lat}/${STACK.lon}`);
    const detail = page.locator('[data-testid=incident-panel]');
    await detail.waitFor({ state: 'visible' });
    expect(await detail.getByRole('heading', { name: 'Robbery' }).isVisible()).toBe(true);
    const farPublic = (await server.api.getIncident(far.id, 'public')).geometry.coordinates;
    // Centred on it, then (once loaded) panned just enough for the panel not to cover it.
    await expect
      .poll(async () => {
        const view = await mapView(page);
        return metresBetween(view, { lon: farPublic[0], lat: farPublic[1] });
      }, poll)
      .toBeLessThan(1000);
    expect((await mapView(page)).zoom).toBeGreaterThanOrEqual(15);
    // Once the view around it has loaded, it is the incident selected on the map and the list.
    await expect
      .poll(() => page.locator(`button[data-incident="${far.id}"]`).getAttribute('aria-current'))
      .toBe('true');
    await expect.poll(() => inSightBesidePanel(page, farPublic), poll).toBe(true);
    await screenshot(page, 'stacks', '2a-linked-incident');

    // Closing forgets it in the address; choosing one from the list puts that one there.
    await detail.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('incident')).toBeNull();
    await page.locator(`button[data-incident="${far.id}"]`).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('incident')).toBe(far.id);

    // An incident outside the time window (3 days old, the window is 24 h): opened all the same.
    await openMap(page, server.url, `/?incident=${old.id}`);
    await detail.waitFor({ state: 'visible' });
    expect(await detail.getByRole('heading', { name: 'Burglary' }).isVisible()).toBe(true);
    expect(await detail.getByText('Not on the map: outside the time window').isVisible()).toBe(
      true,
    );
    const oldPublic = (await server.api.getIncident(old.id, 'public')).geometry.coordinates;
    await expect
      .poll(async () => {
        const view = await mapView(page);
        return metresBetween(view, { lon: oldPublic[0], lat: oldPublic[1] });
      }, poll)
      .toBeLessThan(5);
    expect(new URL(page.url()).searchParams.get('incident')).toBe(old.id);
    await screenshot(page, 'stacks', '2b-linked-outside-window');
    expect(otherHosts(requested, server.url)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('says so when a link names an unknown or a malformed id, and the map still works', async () => {
    const server = await serverForTest();
    await server.api.createIncident(incidentAt(STACK));
    const { page, errors } = await browser.newPage('bad-link');
    const detail = page.locator('[data-testid=incident-panel]');
    await openMap(page, server.url, '/?incident=0190f4c2-0000-7000-8000-000000000000');
    const problem = page.locator('[data-testid=link-problem]');
    await expect.poll(() => problem.textContent(), poll).toContain('No incident matches this link');
    expect(await detail.count()).toBe(0);
    await openMap(page, server.url, '/?incident=not-an-id');
    await expect
      .poll(() => problem.textContent(), poll)
      .toContain('This incident link is not valid');
    expect(await page.getByRole('alert').filter({ hasText: 'not valid' }).isVisible()).toBe(true);
    expect(await detail.count()).toBe(0);
    // The map still works: it fits the data as a first visit does.
    await expect.poll(async () => (await listIds(page)).length, poll).toBeGreaterThan(0);
    await screenshot(page, 'stacks', '3-malformed-link');
    expect(errors).toEqual([]);
  });
});
