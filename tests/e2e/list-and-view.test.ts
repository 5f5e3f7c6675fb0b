import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CategorySlug } from '../../shared/categories.js';
import { haversineMetres } from '../../shared/geo/distance.js';
import type { IncidentCollection } from '../../shared/schemas/incident.js';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  listIds,
  mapView,
  openMap,
  screenshot,
  useBrowser,
} from '../support/browser.js';
import { serverForTest } from '../support/e2e-server.js';
import { parseCsv } from '../support/export-server.js';
import { incidentRecord, insertIncidentRecords } from '../support/incident-factory.js';

/**
 * The list and the view in a real browser against the real server: paging to the last of more
 * than 300 incidents, the order by distance from the map's centre, the summary against the
 * previous window, and downloads of the view.
 */
const browser = useBrowser('list-and-view');

const VANCOUVER = { lat: 49.28, lon: -123.12 };
const VIEW = '/#14/49.28/-123.12';
const SEATTLE = { lat: 47.6062, lon: -122.3321 };
const HOUR = 3_600_000;
const poll = { timeout: SETTLE_MS, interval: 100 };

const CURRENT = 340;
const PREVIOUS = 272; // +68, +25 %
const PAGE_SIZE = 50;
const CATEGORIES: readonly CategorySlug[] = ['theft', 'traffic', 'burglary'];

/** The incidents of the test, spread over downtown (in view at zoom 14) and over the windows. */
function incidents(now: number) {
  const spot = (i: number) => ({
    lon: VANCOUVER.lon + (((i * 37) % 100) / 100 - 0.5) * 0.018,
    lat: VANCOUVER.lat + (((i * 53) % 100) / 100 - 0.5) * 0.012,
  });
  const current = Array.from({ length: CURRENT }, (_, i) =>
    incidentRecord({
      location: spot(i),
      category: CATEGORIES[i % 3] ?? 'theft',
      // Within the last 23 hours, one every 4 minutes, the newest first.
      occurredAt: new Date(now - 60_000 - i * 4 * 60_000),
    }),
  );
  const previous = Array.from({ length: PREVIOUS }, (_, i) =>
    incidentRecord({
      location: spot(i + 7),
      category: CATEGORIES[(i + 1) % 3] ?? 'theft',
      occurredAt: new Date(now - 25 * HOUR - i * 60_000),
    }),
  );
  const elsewhere = [
    // Not in view, or never counted publicly (as the export leaves them out).
    incidentRecord({ location: SEATTLE, occurredAt: new Date(now - HOUR) }),
    incidentRecord({
      location: spot(3),
      category: 'domestic-abuse',
      occurredAt: new Date(now - HOUR),
    }),
    incidentRecord({
      location: spot(4),
      category: 'stalking-harassment',
      occurredAt: new Date(now - HOUR),
    }),
  ];
  return { current, previous, elsewhere };
}

/** What these tests read of the page's document (the tests have no DOM types). */
interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface PageDocument {
  document: {
    activeElement: PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
}

/** The ids of the list's current page, in the order shown. */
function shownIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(
      (globalThis as unknown as PageDocument).document.querySelectorAll('button[data-incident]'),
      (button) => button.getAttribute('data-incident') ?? '',
    ),
  );
}

/** An attribute of the element that has the focus. */
function focusedAttribute(page: Page, name: string): Promise<string | null> {
  return page.evaluate(
    (attribute) =>
      (globalThis as unknown as PageDocument).document.activeElement?.getAttribute(attribute) ??
      null,
    name,
  );
}

/** The texts of the cells of the rows matching a selector. */
function cellTexts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    (cells) =>
      Array.from(
        (globalThis as unknown as PageDocument).document.querySelectorAll(cells),
        (cell) => cell.textContent?.trim() ?? '',
      ),
    selector,
  );
}

const count = (records: { category: string }[], category: string) =>
  records.filter((r) => r.category === category).length;

describe('the list and the view', { timeout: 240_000 }, () => {
  it('pages to the last of 340 incidents, sorts by distance, summarises and downloads the view', async () => {
    const server = await serverForTest();
    const now = Date.now();
    const { current, previous, elsewhere } = incidents(now);
    await insertIncidentRecords(server.testApp.db.pool, [...current, ...previous, ...elsewhere]);
    const { page, errors } = await browser.newPage('paging');
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await openMap(page, server.url, VIEW);

    // Every incident in view is listed, 50 a page, newest first.
    const countText = page.locator('[data-testid=list-count]');
    await expect.poll(() => countText.textContent(), poll).toContain(`1–50 of ${CURRENT} in view`);
    const newestFirst = current.map((r) => r.id); // made newest first
    expect(await shownIds(page)).toEqual(newestFirst.slice(0, PAGE_SIZE));
    await screenshot(page, 'list-and-view', '1a-first-page');

    // By keyboard: Next keeps the focus on itself, page after page, until it is disabled.
    const next = page.locator('nav[aria-label="Pages of the list"] button[data-page=next]');
    await next.focus();
    const seen = [...(await shownIds(page))];
    for (let index = 1; index < Math.ceil(CURRENT / PAGE_SIZE); index++) {
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.locator('[data-testid=list-page]').textContent(), poll)
        .toContain(`Page ${index + 1} of 7`);
      seen.push(...(await shownIds(page)));
      if (index < 6) {
        expect(await focusedAttribute(page, 'data-page')).toBe('next');
      }
    }
    // Every incident reached exactly once, the oldest last; on the last page the focus moved
    // from the disabled button to the page's first entry.
    expect(seen).toEqual(newestFirst);
    expect(await countText.textContent()).toContain(`301–340 of ${CURRENT} in view`);
    const lastIds = await shownIds(page);
    expect(lastIds.at(-1)).toBe(current.at(-1)?.id);
    expect(await next.isDisabled()).toBe(true);
    expect(await focusedAttribute(page, 'data-incident')).toBe(lastIds[0]);
    await screenshot(page, 'list-and-view', '1b-last-page');

    // Opening the oldest incident and closing its panel keeps its page and gives it the focus.
    const oldest = current.at(-1)?.id ?? '';
    await page.locator(`button[data-incident="${oldest}"]`).click();
    const panel = page.locator('[data-testid=incident-panel]');
    await panel.waitFor({ state: 'visible' });
    // The panel may pan the map to show the incident beside it: once the map has settled, the
    // list (of the new view) shows the page that holds the incident.
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              !(
                globalThis as unknown as { openbeatMap: { isMoving(): boolean } }
              ).openbeatMap.isMoving(),
          ),
        poll,
      )
      .toBe(true);
    await page.waitForTimeout(1_000);
    await expect.poll(() => shownIds(page), poll).toContain(oldest);
    await panel.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => focusedAttribute(page, 'data-incident'), poll).toBe(oldest);
    // The panel may have panned the map to show the incident beside it, and the view's list
    // with it: the page shown is the one that holds the incident.
    expect(await shownIds(page)).toContain(oldest);
    // Back to the test's view for what follows.
    await page.evaluate(({ lon, lat }) => {
      (globalThis as unknown as { openbeatMap: { jumpTo(view: object): void } }).openbeatMap.jumpTo(
        { center: [lon, lat], zoom: 14 },
      );
    }, VANCOUVER);
    await expect.poll(() => countText.textContent(), poll).toContain(`of ${CURRENT} in view`);

    // By distance from the map's centre, on the public points the API gives the public.
    await page.getByLabel('Sort the list', { exact: true }).selectOption('distance');
    await expect.poll(() => new URL(page.url()).searchParams.get('sort'), poll).toBe('distance');
    expect(await page.locator('[data-testid=list-page]').textContent()).toContain('Page 1 of 7');
    const centre = await mapView(page);
    const bounds = await page.evaluate(() => {
      const map = (
        globalThis as unknown as { openbeatMap: { getBounds(): { toArray(): number[][] } } }
      ).openbeatMap;
      return map.getBounds().toArray();
    });
    const bbox = bounds
      .flat()
      .map((n) => n.toFixed(6))
      .join(',');
    const publicList = (await (
      await fetch(
        `${server.url}/api/v1/incidents?bbox=${bbox}&from=${new Date(now - 24 * HOUR).toISOString()}&limit=1000`,
      )
    ).json()) as IncidentCollection;
    expect(publicList.features).toHaveLength(CURRENT);
    const byDistance = publicList.features
      .map((f) => ({
        id: f.id,
        at: Date.parse(f.properties.occurredAt),
        metres: haversineMetres(centre, {
          lon: f.geometry.coordinates[0],
          lat: f.geometry.coordinates[1],
        }),
      }))
      .sort((a, b) => a.metres - b.metres || b.at - a.at)
      .map((f) => f.id);
    await expect.poll(() => shownIds(page), poll).toEqual(byDistance.slice(0, PAGE_SIZE));
    await page.locator('nav[aria-label="Pages of the list"] button[data-page=last]').click();
    await expect.poll(() => shownIds(page), poll).toEqual(byDistance.slice(300));
    await screenshot(page, 'list-and-view', '2-by-distance');

    // The order is kept in the address: a reload lists by distance again.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await expect
      .poll(() => page.getByLabel('Sort the list', { exact: true }).inputValue(), poll)
      .toBe('distance');
    await expect.poll(() => shownIds(page), poll).toEqual(byDistance.slice(0, PAGE_SIZE));

    // The summary: this window against the previous one, by category, chart and table.
    const sentence = page.locator('[data-testid=summary-sentence]');
    await expect
      .poll(() => sentence.textContent(), poll)
      .toBe(`${CURRENT} incidents, +68 (+25%) against the previous 24 hours`);
    expect(await page.locator('[data-testid=summary-chart]').getAttribute('aria-hidden')).toBe(
      'true',
    );
    await page.getByRole('button', { name: 'Show the numbers as a table' }).click();
    const table = page.getByRole('table', { name: /Public incidents in view by category/ });
    expect(await table.isVisible()).toBe(true);
    for (const category of CATEGORIES) {
      const cells = await cellTexts(page, `#summary-table tr[data-category=${category}] td`);
      expect(cells.slice(0, 2)).toEqual([
        String(count(current, category)),
        String(count(previous, category)),
      ]);
    }
    expect(await table.locator('tr[data-category=domestic-abuse]').count()).toBe(0);
    await screenshot(page, 'list-and-view', '3-summary-table');

    // axe: no serious or critical violation with the summary's table shown.
    const { violations } = await axeAudit(page);
    expect(
      violations.map((v) => v.id),
      formatAxe('list and view', violations),
    ).toEqual([]);

    // The downloads carry the view's box and window, and answer with its rows.
    const csvHref = await page.locator('[data-testid=download-csv]').getAttribute('href');
    const geojsonHref = await page.locator('[data-testid=download-geojson]').getAttribute('href');
    expect(csvHref).toMatch(/^\/api\/v1\/export\/incidents\.csv\?/);
    const csvUrl = new URL(csvHref ?? '', server.url);
    const shownBox = csvUrl.searchParams.get('bbox')?.split(',').map(Number) ?? [];
    expect(shownBox).toHaveLength(4);
    bounds.flat().forEach((value, index) => {
      expect(shownBox[index]).toBeCloseTo(value, 5);
    });
    const windowMs =
      Date.parse(csvUrl.searchParams.get('to') ?? '') -
      Date.parse(csvUrl.searchParams.get('from') ?? '');
    expect(windowMs).toBe(24 * HOUR + 60_000);
    const csv = await fetch(csvUrl);
    expect(csv.status).toBe(200);
    expect(
      parseCsv(await csv.text())
        .map((row) => row.id)
        .sort(),
    ).toEqual(current.map((r) => r.id).sort());
    const geojson = await fetch(new URL(geojsonHref ?? '', server.url));
    expect(geojson.status).toBe(200);
    const exported = (await geojson.json()) as IncidentCollection;
    expect(exported.features.map((f) => f.id).sort()).toEqual(current.map((r) => r.id).sort());
    const docs = await page.locator('[data-testid=download-docs]').getAttribute('href');
    expect((await fetch(new URL(docs ?? '', server.url))).status).toBe(200);

    // A category filter narrows the list, the summary and the downloads alike.
    await page.getByRole('group', { name: 'Categories' }).locator('input[value=burglary]').check();
    const burglaries = current.filter((r) => r.category === 'burglary');
    const before = count(previous, 'burglary');
    const delta = burglaries.length - before;
    await expect
      .poll(() => sentence.textContent(), poll)
      .toBe(
        `${burglaries.length} incidents, ${delta > 0 ? '+' : ''}${delta} (${delta > 0 ? '+' : ''}${Math.round((delta / before) * 100)}%) against the previous 24 hours`,
      );
    await expect
      .poll(() => countText.textContent(), poll)
      .toContain(`of ${burglaries.length} in view`);
    const filteredHref = await page.locator('[data-testid=download-csv]').getAttribute('href');
    const filteredUrl = new URL(filteredHref ?? '', server.url);
    expect(filteredUrl.searchParams.getAll('category')).toEqual(['burglary']);
    const filteredRows = parseCsv(await (await fetch(filteredUrl)).text());
    expect(filteredRows.map((row) => row.id).sort()).toEqual(burglaries.map((r) => r.id).sort());
    await screenshot(page, 'list-and-view', '4-filtered');

    // Offline: every request went to the page's own server.
    const own = new URL(server.url).origin;
    expect(
      requested.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== own),
    ).toEqual([]);
    expect(errors).toEqual([]);
    expect((await listIds(page)).length).toBeLessThanOrEqual(PAGE_SIZE);
  });

  it('says when the view holds more than the snapshot, and loads older incidents by the cursor', async () => {
    const server = await serverForTest();
    const now = Date.now();
    const total = 5120; // the snapshot holds 5,000
    const records = Array.from({ length: total }, (_, i) =>
      incidentRecord({
        location: {
          lon: VANCOUVER.lon + (((i * 37) % 100) / 100 - 0.5) * 0.018,
          lat: VANCOUVER.lat + (((i * 53) % 100) / 100 - 0.5) * 0.012,
        },
        occurredAt: new Date(now - 60_000 - i * 15_000),
      }),
    );
    await insertIncidentRecords(server.testApp.db.pool, records);
    const { page, errors } = await browser.newPage('older');
    await openMap(page, server.url, VIEW);

    const countText = page.locator('[data-testid=list-count]');
    await expect.poll(() => countText.textContent(), poll).toContain('1–50 of 5,000 in view');
    const note = page.locator('[data-testid=list-truncated]');
    expect(await note.textContent()).toContain('only the newest 5,000 are loaded');
    // The summary counts the whole view, not only what is loaded.
    await expect
      .poll(() => page.locator('[data-testid=summary-sentence]').textContent(), poll)
      .toContain('5,120 incidents');

    await page.getByRole('button', { name: 'Load older incidents' }).click();
    await expect.poll(() => countText.textContent(), poll).toContain('of 5,120 in view');
    // The list went on to the first of the older incidents, and gave it the focus.
    expect(await countText.textContent()).toContain('5,001–5,050 of 5,120 in view');
    const first = records[5000]?.id ?? '';
    expect(await shownIds(page)).toContain(first);
    await expect.poll(() => focusedAttribute(page, 'data-incident'), poll).toBe(first);
    expect(await note.count()).toBe(0);
    await page.locator('nav[aria-label="Pages of the list"] button[data-page=last]').click();
    await expect.poll(async () => (await shownIds(page)).at(-1), poll).toBe(records.at(-1)?.id);
    await screenshot(page, 'list-and-view', '5-older-loaded');
    expect(errors).toEqual([]);
  });
});
