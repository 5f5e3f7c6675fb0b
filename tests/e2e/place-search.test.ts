import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { importDistricts } from '../../server/districts/import-districts.js';
import type { DispatcherIncidentFeature } from '../../shared/schemas/incident-feature.js';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  mapView,
  metresBetween,
  openMap,
  screenshot,
  useBrowser,
} from '../support/browser.js';
import { serverForTest, type InProcessServer } from '../support/e2e-server.js';
import { openData } from '../support/fixtures.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * The header's place search and the "near me" control in a real browser against the real
 * server: a district and a block found and the map moved there (read back from MapLibre), the
 * results used with the keyboard alone, typed coordinates recognised in the page, geolocation
 * granted and refused, axe with the results open, and no request to another host or carrying
 * the person's position.
 */
const browser = useBrowser('place-search');
const poll = { timeout: SETTLE_MS, interval: 100 };

/** Spots on Homer Street in Downtown Vancouver; the block's name is written as the source's. */
const HOMER_ST = [
  { lon: -123.1162, lat: 49.2797 },
  { lon: -123.1171, lat: 49.2791 },
];

interface Seeded {
  homer: DispatcherIncidentFeature[];
}

async function seed(server: InProcessServer): Promise<Seeded> {
  const pool = server.testApp.db.pool;
  await importDistricts(
    pool,
    fs.readFileSync(openData('vancouver_neighbourhoods_simplified.geojson'), 'utf8'),
    { nameProperty: 'name', source: 'vancouver' },
  );
  const homer = [];
  for (const spot of HOMER_ST) homer.push(await server.api.createIncident(incidentAt(spot)));
  // The write path that fills public_block is another part of this issue: set it as it would.
  await pool.query(
    `UPDATE incidents SET public_block = '5XX Homer St', public_district = 'Downtown'
     WHERE id = ANY($1::uuid[])`,
    [homer.map((incident) => incident.id)],
  );
  return { homer };
}

async function districtBox(server: InProcessServer, name: string) {
  const result = await server.testApp.db.pool.query<{
    min_lon: number;
    min_lat: number;
    max_lon: number;
    max_lat: number;
  }>(
    `SELECT ST_XMin(b) AS min_lon, ST_YMin(b) AS min_lat, ST_XMax(b) AS max_lon, ST_YMax(b) AS max_lat
     FROM (SELECT geometry::box2d AS b FROM districts WHERE name = $1) AS d`,
    [name],
  );
  const box = result.rows[0];
  if (!box) throw new Error(`no district ${name}`);
  return box;
}

/** What the map shows: its bounds, read from MapLibre. */
async function mapBounds(page: Page) {
  return page.evaluate(() => {
    const map = (
      globalThis as unknown as {
        openbeatMap?: {
          getBounds(): {
            getWest(): number;
            getSouth(): number;
            getEast(): number;
            getNorth(): number;
          };
        };
      }
    ).openbeatMap;
    if (!map) throw new Error('no map');
    const b = map.getBounds();
    return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() };
  });
}

/** The map has stopped moving (no camera animation running). */
async function settled(page: Page) {
  await page.waitForFunction(
    () => {
      const map = (globalThis as unknown as { openbeatMap?: { isMoving(): boolean } }).openbeatMap;
      return map !== undefined && !map.isMoving();
    },
    undefined,
    { timeout: SETTLE_MS },
  );
}

const combobox = (page: Page) => page.getByRole('combobox', { name: 'Search for a place' });
const listbox = (page: Page) => page.getByRole('listbox', { name: 'Places found' });

/** Every request the page makes, with its body (a position could hide in either). */
function recordRequests(page: Page) {
  const requests: { url: string; body: string }[] = [];
  const frames: string[] = [];
  page.on('request', (request) => {
    requests.push({ url: request.url(), body: request.postData() ?? '' });
  });
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      frames.push(typeof payload === 'string' ? payload : payload.toString('utf8'));
    });
  });
  return { requests, frames };
}

describe('place search and "near me"', { timeout: 180_000 }, () => {
  it('finds a district and a block and moves the map there; keyboard alone; axe clean with the results open', async () => {
    const server = await serverForTest();
    const { homer } = await seed(server);
    const { page, errors } = await browser.newPage('search');
    const { requests } = recordRequests(page);
    await openMap(page, server.url, '/#3/20/0');

    // Keyboard alone: from the top of the page, Tab reaches the search box after the skip link.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const { document } = globalThis as unknown as {
        document: { activeElement: { getAttribute(name: string): string | null } | null };
      };
      return document.activeElement?.getAttribute('role');
    });
    expect(focused).toBe('combobox');
    await page.keyboard.type('kitsil');
    const kitsilano = listbox(page).getByRole('option', { name: /Kitsilano/ });
    await kitsilano.waitFor({ state: 'visible' });
    await expect.poll(() => combobox(page).getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    const activeId = await combobox(page).getAttribute('aria-activedescendant');
    expect(activeId).toBeTruthy();
    expect(await kitsilano.getAttribute('id')).toBe(activeId);
    expect(await kitsilano.getAttribute('aria-selected')).toBe('true');

    // axe with the results open and an option active.
    const { violations } = await axeAudit(page);
    expect(violations, formatAxe('place search, results open', violations)).toEqual([]);
    await screenshot(page, 'place-search', '1-results-open');

    await page.keyboard.press('Enter');
    await expect.poll(() => combobox(page).getAttribute('aria-expanded')).toBe('false');
    await expect.poll(() => combobox(page).inputValue()).toBe('Kitsilano');
    await settled(page);
    const district = await districtBox(server, 'Kitsilano');
    const fitted = await mapBounds(page);
    // The whole district is in view, and the view is not much larger than it.
    expect(fitted.west).toBeLessThanOrEqual(district.min_lon);
    expect(fitted.east).toBeGreaterThanOrEqual(district.max_lon);
    expect(fitted.south).toBeLessThanOrEqual(district.min_lat);
    expect(fitted.north).toBeGreaterThanOrEqual(district.max_lat);
    expect(fitted.east - fitted.west).toBeLessThan((district.max_lon - district.min_lon) * 4);
    await expect
      .poll(() => page.locator('[data-testid=place-search-moved]').textContent())
      .toBe('Map moved to Kitsilano.');
    await screenshot(page, 'place-search', '2-kitsilano');

    // A block by a word of its name; Escape closes the list, then ArrowUp reopens on the last.
    await combobox(page).fill('');
    await page.keyboard.type('homer');
    const block = listbox(page).getByRole('option', { name: /5XX Homer St/ });
    await block.waitFor({ state: 'visible' });
    expect(await block.textContent()).toContain('Street · Downtown');
    await page.keyboard.press('Escape');
    await expect.poll(() => combobox(page).getAttribute('aria-expanded')).toBe('false');
    expect(await combobox(page).getAttribute('aria-activedescendant')).toBeNull();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => combobox(page).getAttribute('aria-expanded')).toBe('true');
    expect(await block.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await settled(page);
    const view = await mapView(page);
    const publicPoints = homer.map((incident) => incident.properties.publicLocation);
    const centroid = {
      lon: publicPoints.reduce((sum, p) => sum + (p?.lon ?? NaN), 0) / publicPoints.length,
      lat: publicPoints.reduce((sum, p) => sum + (p?.lat ?? NaN), 0) / publicPoints.length,
    };
    expect(metresBetween(view, centroid)).toBeLessThan(30);
    expect(view.zoom).toBeGreaterThan(14);
    await screenshot(page, 'place-search', '3-homer');

    // Escape twice empties the box.
    await page.keyboard.press('Escape');
    expect(await combobox(page).inputValue()).toBe('');

    // Offline: every request went to the page's own server.
    const origin = new URL(server.url).origin;
    expect(
      requests.filter((r) => new URL(r.url).origin !== origin && !r.url.startsWith('data:')),
    ).toEqual([]);
    expect(requests.some((r) => r.url.includes('/api/v1/places?q=homer'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('recognises typed coordinates in the page, without asking the server, and flies there by pointer', async () => {
    const server = await serverForTest();
    const { page, errors } = await browser.newPage('coordinates');
    const { requests } = recordRequests(page);
    await openMap(page, server.url, '/#3/20/0');
    await combobox(page).fill('41°53\'9"N 87°37\'42"W');
    const option = listbox(page).getByRole('option', { name: /41\.88583, -87\.62833/ });
    await option.waitFor({ state: 'visible' });
    expect(await option.textContent()).toContain('Coordinates');
    await option.click();
    await settled(page);
    const view = await mapView(page);
    expect(metresBetween(view, { lat: 41.885833, lon: -87.628333 })).toBeLessThan(5);
    expect(requests.filter((r) => r.url.includes('/api/v1/places'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('near me: a granted position moves the map and reaches no request', async () => {
    const server = await serverForTest();
    const position = { latitude: 41.892137, longitude: -87.610153 };
    const { context, page, errors } = await browser.newPage('near-me-granted');
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation(position);
    const { requests, frames } = recordRequests(page);
    await openMap(page, server.url, '/#3/20/0');

    const button = page.getByRole('button', { name: 'Show my location' });
    const box = await button.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(44);
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await button.click();
    await expect
      .poll(() => page.locator('[data-testid=near-me-status]').textContent(), poll)
      .toContain('Map moved to your location');
    await settled(page);
    const view = await mapView(page);
    expect(metresBetween(view, { lat: position.latitude, lon: position.longitude })).toBeLessThan(
      5,
    );
    expect(view.zoom).toBeGreaterThanOrEqual(15);
    // Wait for what the move makes the page fetch (the incidents of the new view).
    await expect
      .poll(
        () => requests.filter((r) => /bbox=-87\.6/.test(decodeURIComponent(r.url))).length,
        poll,
      )
      .toBeGreaterThan(0);
    const carried = [...requests.map((r) => `${r.url} ${r.body}`), ...frames].filter(
      (text) => text.includes('41.8921') || text.includes('87.6101'),
    );
    expect(carried).toEqual([]);
    const origin = new URL(server.url).origin;
    expect(
      requests.filter((r) => new URL(r.url).origin !== origin && !r.url.startsWith('data:')),
    ).toEqual([]);
    expect(await page.locator('[data-testid=near-me-error]').textContent()).toBe('');
    expect(errors).toEqual([]);
  });

  it('near me: a refused position says so and leaves the map where it was', async () => {
    const server = await serverForTest();
    const { context, page, errors } = await browser.newPage('near-me-denied');
    await context.clearPermissions();
    await openMap(page, server.url, '/#12/49.28/-123.12');
    const before = await mapView(page);
    await page.getByRole('button', { name: 'Show my location' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'permission was refused' });
    await alert.waitFor({ state: 'visible' });
    expect(await alert.textContent()).toBe(
      'Your location could not be used: permission was refused.',
    );
    const after = await mapView(page);
    expect(metresBetween(before, after)).toBeLessThan(1);
    const { violations } = await axeAudit(page);
    expect(violations, formatAxe('near me refused', violations)).toEqual([]);
    await screenshot(page, 'place-search', '4-near-me-refused');
    expect(errors).toEqual([]);
  });
});
