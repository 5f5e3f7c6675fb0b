import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { IncidentFeature } from '../../shared/schemas/incident.js';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  listIds,
  liveStatus,
  openMap,
  screenshot,
  signInAsDispatcher,
  useBrowser,
} from '../support/browser.js';
import { createUser } from '../support/accounts.js';
import { serverForTest, type InProcessServer } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * The page's layout on a phone and on a desktop: the map first and the rest one tap away on a
 * phone, touch targets of 44 px, a detail panel that never hides the incident it describes nor
 * the map's controls, named priorities, grouped categories a resident can type to find.
 */
const browser = useBrowser('layout');

const VIEW = '/#14/49.28/-123.12';
const poll = { timeout: SETTLE_MS, interval: 100 };
const MIN_TARGET_PX = 44;
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const contains = (box: Box, point: { x: number; y: number }) =>
  point.x >= box.x &&
  point.x <= box.x + box.width &&
  point.y >= box.y &&
  point.y <= box.y + box.height;

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator.toString()} is not rendered`);
  return box;
}

async function withIncidents(server: InProcessServer): Promise<IncidentFeature[]> {
  return [
    await server.api.createIncident(
      incidentAt({ lat: 49.2805, lon: -123.1195 }, { category: 'robbery', priority: 2 }),
    ),
    await server.api.createIncident(
      incidentAt({ lat: 49.2835, lon: -123.1125 }, { category: 'theft', priority: 4 }),
    ),
    await server.api.createIncident(
      incidentAt({ lat: 49.2775, lon: -123.1255 }, { category: 'traffic' }),
    ),
  ];
}

async function showsAll(page: Page, incidents: IncidentFeature[]): Promise<void> {
  const ids = incidents.map((incident) => incident.id).sort();
  await expect.poll(() => listIds(page), poll).toEqual(ids);
  await expect.poll(() => liveStatus(page), poll).toBe('live');
}

/** Where MapLibre draws a place, in the page's pixels. */
async function drawnAt(page: Page, place: { lon: number; lat: number }) {
  const canvas = await boxOf(page.locator('canvas.maplibregl-canvas'));
  const point = await page.evaluate(
    ([lon, lat]) => {
      const map = (
        globalThis as unknown as {
          openbeatMap: { project(at: [number, number]): { x: number; y: number } };
        }
      ).openbeatMap;
      const projected = map.project([lon, lat]);
      return { x: projected.x, y: projected.y };
    },
    [place.lon, place.lat] as const,
  );
  return { x: canvas.x + point.x, y: canvas.y + point.y };
}

/** The map is not moving (an animated pan has ended). */
async function mapIsStill(page: Page): Promise<boolean> {
  return page.evaluate(
    () =>
      !(globalThis as unknown as { openbeatMap: { isMoving(): boolean } }).openbeatMap.isMoving(),
  );
}

/**
 * Every visible interactive element inside `scope` that is smaller than 44×44 px (a checkbox is
 * measured by its label, which is the target).
 */
async function smallTargets(scope: Locator, what: string): Promise<string[]> {
  const found = scope.locator(
    'a[href], button, select, textarea, input:not([type=checkbox]):not([type=radio]), summary, label:has(input[type=checkbox])',
  );
  const small: string[] = [];
  for (let index = 0; index < (await found.count()); index++) {
    const target = found.nth(index);
    if (!(await target.isVisible())) continue;
    const box = await target.boundingBox();
    if (!box) continue;
    if (box.width < MIN_TARGET_PX - 0.5 || box.height < MIN_TARGET_PX - 0.5) {
      const text = ((await target.textContent()) ?? '').trim().slice(0, 40);
      const tag = await target.evaluate((element: PageElement) => element.outerHTML.slice(0, 80));
      small.push(`${what}: "${text}" ${tag} ${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
    }
  }
  return small;
}

async function expectAxeClean(page: Page, view: string): Promise<void> {
  const { violations } = await axeAudit(page);
  expect(violations.map((f) => f.id).sort(), formatAxe(view, violations)).toEqual([]);
}

/** What these tests read of an element in the page (the tests compile without the DOM's types). */
interface PageElement {
  outerHTML: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box & { top: number; bottom: number };
  contains(other: unknown): boolean;
}

/** Whether the element has the keyboard focus. */
function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate(
    (element: PageElement) =>
      element ===
      (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
  );
}

/** Whether the keyboard focus is inside the element. */
function holdsFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element: PageElement) =>
    element.contains(
      (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement,
    ),
  );
}

function recordRequests(page: Page): string[] {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  return requested;
}

function elsewhere(requested: string[], server: InProcessServer): string[] {
  const own = new URL(server.url).origin;
  return requested.filter((url) => !/^(data|blob):/.test(url) && new URL(url).origin !== own);
}

describe('the layout', { timeout: 180_000 }, () => {
  it('on a phone: the map first under a one-row header; filters and list one tap away', async () => {
    const server = await serverForTest();
    const incidents = await withIncidents(server);
    const { page, errors } = await browser.newPage('phone', PHONE);
    const requested = recordRequests(page);
    await openMap(page, server.url, VIEW);
    await showsAll(page, incidents);
    await screenshot(page, 'layout', '9a-phone-map-first');

    // One row of header, then the map down to the bottom of the screen.
    const header = await boxOf(page.locator('header.top'));
    expect(header.y).toBe(0);
    expect(header.height).toBeLessThan(2 * MIN_TARGET_PX);
    const headerTops = await page
      .locator('header.top > :is(h1, .live, button, .menu)')
      .evaluateAll((elements: PageElement[]) =>
        elements
          .filter((element) => element.getBoundingClientRect().height > 0)
          .map((element) => element.getBoundingClientRect())
          .map((rect) => ({ top: rect.top, bottom: rect.bottom })),
      );
    const rowTop = Math.max(...headerTops.map((r) => r.top));
    const rowBottom = Math.min(...headerTops.map((r) => r.bottom));
    expect(rowBottom, 'the header wraps onto a second row').toBeGreaterThan(rowTop);
    const mapBox = await boxOf(page.locator('canvas.maplibregl-canvas'));
    expect(mapBox.y).toBeCloseTo(header.y + header.height, 0);
    expect(mapBox.width).toBeCloseTo(390, 0);
    expect(mapBox.y + mapBox.height).toBeCloseTo(844, 0);
    expect(await page.getByRole('group', { name: 'Categories' }).isVisible()).toBe(false);
    expect(await page.getByRole('region', { name: 'Incidents in view' }).isVisible()).toBe(false);
    // The live indicator: its word on screen, the whole sentence for a screen reader.
    const status = page.locator('[data-testid=live-indicator] [role=status]');
    expect(await status.textContent()).toMatch(/^Live — new incidents appear as they are reported/);

    // The filters: one tap on the map's Filters button; focus moves into the sheet.
    const tools = page.getByRole('group', { name: 'Map tools' });
    const filtersButton = tools.getByRole('button', { name: 'Filters' });
    await filtersButton.tap();
    const categories = page.getByRole('group', { name: 'Categories' });
    await categories.waitFor({ state: 'visible' });
    expect(await filtersButton.getAttribute('aria-expanded')).toBe('true');
    const sheet = page.locator('aside.controls');
    expect(await holdsFocus(sheet)).toBe(true);
    // The map stays above the sheet, uncovered (it shrinks), with its controls.
    const sheetBox = await boxOf(sheet);
    const shrunk = await boxOf(page.locator('canvas.maplibregl-canvas'));
    expect(shrunk.y + shrunk.height).toBeLessThanOrEqual(sheetBox.y + 1);
    for (const control of ['.maplibregl-ctrl-zoom-in', '.maplibregl-ctrl-zoom-out']) {
      expect(overlaps(await boxOf(page.locator(control)), sheetBox), control).toBe(false);
    }
    await screenshot(page, 'layout', '9b-phone-filters-sheet');

    // Every target in the header, the map's tools and controls, and the sheet: 44×44 px.
    const small = [
      ...(await smallTargets(page.locator('header.top'), 'header')),
      ...(await smallTargets(tools, 'map tools')),
      ...(await smallTargets(page.locator('.maplibregl-ctrl-top-right'), 'zoom control')),
      ...(await smallTargets(page.locator('.maplibregl-ctrl-bottom-right'), 'attribution')),
      ...(await smallTargets(sheet, 'filters sheet')),
    ];
    expect(small, `targets smaller than ${MIN_TARGET_PX}×${MIN_TARGET_PX} px`).toEqual([]);
    await expectAxeClean(page, 'phone, filters sheet open');

    // Escape closes it, and focus goes back to the button that opened it.
    await page.keyboard.press('Escape');
    await categories.waitFor({ state: 'hidden' });
    expect(await hasFocus(filtersButton)).toBe(true);
    // …and so does its close button.
    await filtersButton.tap();
    await categories.waitFor({ state: 'visible' });
    await sheet.getByRole('button', { name: 'Close' }).tap();
    await categories.waitFor({ state: 'hidden' });
    expect(await hasFocus(filtersButton)).toBe(true);

    // The header's menu: language and sign-in, 44 px too.
    const menuButton = page.getByRole('button', { name: 'Menu' });
    await menuButton.tap();
    const signIn = page.getByRole('link', { name: 'Sign in', exact: true });
    await signIn.waitFor({ state: 'visible' });
    expect(await smallTargets(page.locator('header.top'), 'header menu')).toEqual([]);
    await page.keyboard.press('Escape');
    await signIn.waitFor({ state: 'hidden' });

    // The list: a tap away; an incident from it opens the detail sheet, its point in sight.
    await tools.getByRole('button', { name: 'List (3)' }).tap();
    const list = page.getByRole('region', { name: 'Incidents in view' });
    await list.waitFor({ state: 'visible' });
    const first = incidents[0];
    if (!first) throw new Error('no incident');
    const item = page.locator(`button[data-incident="${first.id}"]`);
    const itemBox = await boxOf(item);
    expect(itemBox.y + itemBox.height).toBeLessThanOrEqual(844);
    expect(itemBox.width).toBeGreaterThan(300);
    await screenshot(page, 'layout', '9c-phone-list-sheet');
    await item.tap();
    const panel = page.locator('[data-testid=incident-panel]');
    await panel.waitFor({ state: 'visible' });
    expect(await panel.textContent()).toContain('2 – High');
    await expect.poll(() => mapIsStill(page), poll).toBe(true);
    const detailBox = await boxOf(page.locator('.sheet'));
    const canvasNow = await boxOf(page.locator('canvas.maplibregl-canvas'));
    const [lon, lat] = first.geometry.coordinates;
    const drawn = await drawnAt(page, { lon, lat });
    expect(contains(canvasNow, drawn), 'the incident is off the map').toBe(true);
    expect(contains(detailBox, drawn), 'the incident is under the detail panel').toBe(false);
    await screenshot(page, 'layout', '9d-phone-detail-sheet');
    await panel.getByRole('button', { name: 'Close' }).tap();
    await panel.waitFor({ state: 'hidden' });
    await list.waitFor({ state: 'visible' });
    expect(await hasFocus(item)).toBe(true);

    expect(elsewhere(requested, server)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('on a phone: the dispatcher opens the create form beside the map and places it by a tap', async () => {
    const server = await serverForTest();
    const incidents = await withIncidents(server);
    const { page, errors } = await browser.newPage('phone-dispatcher', PHONE);
    const requested = recordRequests(page);
    await openMap(page, server.url, VIEW);
    await showsAll(page, incidents);
    await page.getByRole('button', { name: 'Menu' }).tap();
    const account = await createUser(server.testApp.db.pool, { role: 'dispatcher', totp: true });
    // The sign-in page, and back to the map (its menu closed): the dispatcher's tools are there.
    await signInAsDispatcher(page, account, { formVisible: false });

    const newIncident = page
      .getByRole('group', { name: 'Map tools' })
      .getByRole('button', { name: 'New incident' });
    await newIncident.tap();
    const form = page.locator('[data-testid=create-form]');
    await form.waitFor({ state: 'visible' });
    expect(await page.locator('[data-testid=exact-warning]').isVisible()).toBe(true);
    expect(await smallTargets(page.locator('aside.controls'), 'create sheet')).toEqual([]);
    // Priorities by name, categories in groups.
    expect(await form.locator('select[name=priority] option').allTextContents()).toEqual([
      '1 – Critical',
      '2 – High',
      '3 – Medium',
      '4 – Low',
      '5 – Very low',
    ]);
    expect(
      await form
        .locator('select[name=category] optgroup')
        .evaluateAll((groups: PageElement[]) => groups.map((group) => group.getAttribute('label'))),
    ).toEqual([
      'Violence and threats',
      'Theft and damage',
      'Traffic',
      'Disorder and nuisance',
      'Other',
    ]);
    await screenshot(page, 'layout', '9e-phone-create-sheet');

    // Place it by tapping the map (above the sheet).
    await form.getByRole('button', { name: 'Place it on the map' }).tap();
    const canvas = await boxOf(page.locator('canvas.maplibregl-canvas'));
    const sheetBox = await boxOf(page.locator('aside.controls'));
    expect(canvas.y + canvas.height).toBeLessThanOrEqual(sheetBox.y + 1);
    const tapAt = { x: canvas.x + canvas.width * 0.6, y: canvas.y + canvas.height * 0.6 };
    const expected = await page.evaluate(
      ([x, y]) => {
        const map = (
          globalThis as unknown as {
            openbeatMap: { unproject(at: [number, number]): { lng: number; lat: number } };
          }
        ).openbeatMap;
        return map.unproject([x, y]);
      },
      [tapAt.x - canvas.x, tapAt.y - canvas.y] as const,
    );
    await page.touchscreen.tap(tapAt.x, tapAt.y);
    const lat = form.locator('input[name=lat]');
    const lon = form.locator('input[name=lon]');
    await expect
      .poll(async () => Number(await lat.inputValue()), poll)
      .toBeCloseTo(expected.lat, 4);
    expect(Number(await lon.inputValue())).toBeCloseTo(expected.lng, 4);
    await screenshot(page, 'layout', '9f-phone-placed-by-tap');

    await form.locator('select[name=priority]').selectOption('1');
    await form.locator('textarea[name=summary]').fill('Car on fire in the lane');
    const posted = page.waitForResponse(
      (response) =>
        response.request().method() === 'POST' &&
        new URL(response.url()).pathname === '/api/v1/incidents',
    );
    await form.getByRole('button', { name: 'Create incident' }).tap();
    const response = await posted;
    expect(response.status()).toBe(201);
    const created = (await response.json()) as IncidentFeature;
    expect(created.properties.priority).toBe(1);
    const panel = page.locator('[data-testid=incident-panel]');
    await expect.poll(() => panel.textContent(), poll).toContain('1 – Critical');
    expect(elsewhere(requested, server)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('on a desktop: the detail panel leaves the incident and the controls in sight', async () => {
    const server = await serverForTest();
    // In the part of the view the panel (on the map's start side) will cover.
    const underPanel = await server.api.createIncident(
      incidentAt({ lat: 49.2812, lon: -123.1275 }, { category: 'vehicle-crime', priority: 5 }),
    );
    const incidents = [...(await withIncidents(server)), underPanel];
    const { page, errors } = await browser.newPage('desktop');
    const requested = recordRequests(page);
    await openMap(page, server.url, VIEW);
    await showsAll(page, incidents);
    const [lon, lat] = underPanel.geometry.coordinates;
    const before = await drawnAt(page, { lon, lat });

    await page.locator(`button[data-incident="${underPanel.id}"]`).click();
    const panel = page.locator('.sheet');
    await panel.waitFor({ state: 'visible' });
    const panelBox = await boxOf(panel);
    // Without the pan it would have been under the panel: the test is about something.
    expect(contains(panelBox, before), 'the incident was not under the panel').toBe(true);
    await expect.poll(() => mapIsStill(page), poll).toBe(true);
    await expect
      .poll(async () => contains(panelBox, await drawnAt(page, { lon, lat })), poll)
      .toBe(false);
    const canvas = await boxOf(page.locator('canvas.maplibregl-canvas'));
    expect(contains(canvas, await drawnAt(page, { lon, lat }))).toBe(true);
    for (const control of [
      '.maplibregl-ctrl-zoom-in',
      '.maplibregl-ctrl-zoom-out',
      '.maplibregl-ctrl-attrib',
      '.maplibregl-ctrl-scale',
    ]) {
      expect(overlaps(await boxOf(page.locator(control)), panelBox), control).toBe(false);
    }
    expect(await panel.textContent()).toContain('5 – Very low');
    await screenshot(page, 'layout', '9g-desktop-panel-panned');
    await expectAxeClean(page, 'desktop, detail panel open');

    // The category filter: in groups, narrowed by typing.
    const categories = page.getByRole('group', { name: 'Categories' });
    const groups = await categories.locator('fieldset legend').allTextContents();
    expect(groups).toEqual([
      'Violence and threats',
      'Theft and damage',
      'Traffic',
      'Disorder and nuisance',
      'Other',
    ]);
    const choices = categories.locator('input[name=category]');
    const all = await choices.count();
    const find = categories.getByRole('searchbox', { name: 'Find a category' });
    await find.fill('bicy');
    await expect.poll(() => choices.count(), poll).toBe(1);
    expect(await choices.first().getAttribute('value')).toBe('bicycle-theft');
    await find.fill('traffic');
    await expect
      .poll(() => categories.locator('fieldset legend').allTextContents(), poll)
      .toEqual(['Traffic']);
    await find.fill('zzz');
    await expect.poll(() => choices.count(), poll).toBe(0);
    expect(await categories.textContent()).toContain('No category matches');
    await find.fill('');
    await expect.poll(() => choices.count(), poll).toBe(all);
    // A category found by typing filters the map as any other.
    await find.fill('veh');
    await categories.locator('input[name=category][value=vehicle-crime]').check();
    await expect.poll(() => listIds(page), poll).toEqual([underPanel.id]);
    await screenshot(page, 'layout', '9h-desktop-category-typed');
    await expectAxeClean(page, 'desktop, category filter typed');

    expect(elsewhere(requested, server)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
