import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../support/accounts.js';
import { addSquareDistrict, insertCalls } from '../support/accountability-fixtures.js';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  openMap,
  screenshot,
  signInAsDispatcher,
  signInWithAccount,
  useBrowser,
  waitForMap,
} from '../support/browser.js';
import { serverForTest, type InProcessServer } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * The accountability view against the real server: a dispatcher records a response and a
 * resident rates it, each in a page of their own, and the view open in a third page shows the
 * district's figure appear (its fifth record crosses k = 5) without a reload. Then the view and
 * the method page under axe, and on a phone.
 */
const browser = useBrowser('accountability');
const poll = { timeout: SETTLE_MS + 10_000, interval: 250 };
/** Three pages with a map each on a two-core machine shared with other runs. */
const LOADED_MS = 60_000;

/** Two squares side by side over Vancouver; every record below is in Harbour. */
const HARBOUR = { name: 'Harbour', lon: -123.14, lat: 49.27 };
const HILLSIDE = { name: 'Hillside', lon: -123.12, lat: 49.27 };
const SIZE = 0.02;
const IN_HARBOUR = { lon: -123.13, lat: 49.28 };
const MAP_VIEW = '/#14/49.28/-123.13';
/** Times to scene already recorded: four, one short of k. */
const EARLIER_TO_SCENE_S = [300, 330, 360, 390];

async function withFourResponses(server: InProcessServer): Promise<void> {
  const pool = server.testApp.db.pool;
  await addSquareDistrict(pool, HARBOUR.name, HARBOUR.lon, HARBOUR.lat, SIZE);
  await addSquareDistrict(pool, HILLSIDE.name, HILLSIDE.lon, HILLSIDE.lat, SIZE);
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
  await insertCalls(
    pool,
    EARLIER_TO_SCENE_S.map((toScene, index) => ({
      at: { lon: IN_HARBOUR.lon + index * 0.001, lat: IN_HARBOUR.lat },
      category: 'theft',
      priority: 2,
      receivedAt: new Date(twoDaysAgo.getTime() + index * 3_600_000),
      toDispatch: 60,
      toScene,
      onScene: 900,
      ratings: [4],
    })),
  );
}

/** The text of a district's figure in the view's table. */
function figureOf(page: Page, district: string): Promise<string | null> {
  return page
    .locator(`[data-testid=acc-table] tr[data-district="${district}"] [data-testid=acc-value]`)
    .textContent()
    .then((text) => text?.trim() ?? null);
}

async function openView(page: Page, url: string, query = ''): Promise<void> {
  await page.goto(`${url}/accountability${query}`, { waitUntil: 'domcontentloaded' });
  await page.locator('[data-testid=acc-table]').waitFor();
  await expect
    .poll(() => page.locator('[data-testid=acc-live]').getAttribute('data-status'), poll)
    .toBe('live');
}

/** Marks the document, so that a reload (a new document) is seen: the mark would be gone. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { sameDocument?: boolean }).sameDocument = true;
  });
}

function sameDocument(page: Page): Promise<boolean | undefined> {
  return page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument);
}

async function recordStep(page: Page, step: string): Promise<void> {
  const form = page.locator('[data-testid=response-step-form]');
  // The form comes once the panel has asked for the incident's response: slow on a busy machine.
  await form.waitFor({ timeout: LOADED_MS });
  // The step is the form's first choice (its name includes the chosen option's text).
  await form.getByRole('combobox').first().selectOption({ label: step });
  await form.getByRole('button', { name: 'Record the step' }).click();
  await form.getByText('Step recorded.').waitFor();
}

describe('the accountability view', { timeout: 240_000 }, () => {
  it('updates live as a dispatcher records a response and a resident rates it', async () => {
    const server = await serverForTest();
    await withFourResponses(server);
    const incident = await server.api.createIncident(
      incidentAt(IN_HARBOUR, { category: 'theft', priority: 2 }),
    );

    // The dispatcher's and the resident's pages first: a map loads faster with no other
    // drawing at the same time (the view below has its own map).
    const dispatcher = await browser.newPage('dispatcher');
    await openMap(dispatcher.page, server.url, MAP_VIEW);
    const account = await createUser(server.testApp.db.pool, { role: 'dispatcher', totp: true });
    await signInAsDispatcher(dispatcher.page, account);
    const resident = await browser.newPage('resident');
    await openMap(resident.page, server.url, MAP_VIEW);
    const person = await createUser(server.testApp.db.pool, { role: 'resident' });
    await signInWithAccount(resident.page, person);
    await waitForMap(resident.page);

    const viewer = await browser.newPage('viewer');
    await openView(viewer.page, server.url, '?metric=toSceneMedian&priority=2');
    // Four responses: below k, so withheld, and said so.
    await expect
      .poll(() => figureOf(viewer.page, HARBOUR.name), poll)
      .toBe('withheld (fewer than 5)');
    await expect
      .poll(() => viewer.page.locator('[data-suppression=fewer_than_k]').textContent(), poll)
      .toContain('fewer than 5 records');
    await markDocument(viewer.page);
    await screenshot(viewer.page, 'accountability', '1-before');

    // The dispatcher records the fifth response through the incident panel.
    await dispatcher.page.locator(`button[data-incident="${incident.id}"]`).click();
    for (const step of ['Call received', 'Dispatched', 'On scene']) {
      await recordStep(dispatcher.page, step);
    }
    await screenshot(dispatcher.page, 'accountability', '2-dispatcher');

    // Five responses: the median appears. The new one took seconds; the median of the five is
    // the third of them in order, 330 s.
    await expect.poll(() => figureOf(viewer.page, HARBOUR.name), poll).toBe('5:30');
    expect(await sameDocument(viewer.page)).toBe(true);
    await screenshot(viewer.page, 'accountability', '3-after-response');

    // Feedback: four ratings so far, withheld; the resident's is the fifth.
    await viewer.page.locator('[data-testid=acc-metric]').selectOption('feedbackCount');
    await expect
      .poll(() => figureOf(viewer.page, HARBOUR.name), poll)
      .toBe('withheld (fewer than 5)');
    await resident.page.locator(`button[data-incident="${incident.id}"]`).click();
    const form = resident.page.locator('[data-testid=feedback-form]');
    await form.waitFor({ timeout: LOADED_MS });
    // The same rating as the four before: each rating's own count crosses k as well. (With a
    // mix, the count and the mean would give the small counts of each rating away, and the
    // server rightly withholds the count as complementary.)
    await form.getByLabel('4 stars').check();
    await form.getByRole('button', { name: 'Send feedback' }).click();

    await expect.poll(() => figureOf(viewer.page, HARBOUR.name), poll).toBe('5');
    expect(await sameDocument(viewer.page)).toBe(true);
    // A district with no ratings is withheld too (zero is under k), never shown as a figure.
    expect(await figureOf(viewer.page, HILLSIDE.name)).toBe('withheld (fewer than 5)');

    // The district's charts: the five times to scene of priority 2 in the table twin.
    await viewer.page.getByRole('button', { name: `Show the charts of ${HARBOUR.name}` }).click();
    const chart = viewer.page.locator('[data-testid=acc-to-scene][data-priority="2"]');
    await chart.locator('table').waitFor();
    await chart.locator('[role=img] svg').waitFor();
    await screenshot(viewer.page, 'accountability', '4-charts');
    for (const page of [viewer, dispatcher, resident]) expect(page.errors).toEqual([]);
  });

  it('axe finds nothing serious on the view, its charts and the method page; phone width', async () => {
    const server = await serverForTest();
    await withFourResponses(server);
    const reports: string[] = [];
    const check = async (page: Page, view: string) => {
      const { violations } = await axeAudit(page);
      const report = formatAxe(view, violations);
      reports.push(report);
      expect.soft(violations.map((finding) => finding.id).sort(), report).toEqual([]);
    };

    const desktop = await browser.newPage('axe');
    await openView(desktop.page, server.url);
    await desktop.page.getByRole('button', { name: 'Show the charts of Whole area' }).click();
    await desktop.page.locator('[data-testid=acc-feedback]').waitFor();
    await check(desktop.page, 'accountability view with the whole area’s charts');
    await desktop.page.getByRole('link', { name: 'How these numbers are made' }).click();
    await desktop.page.getByRole('heading', { name: 'How these numbers are made' }).waitFor();
    expect(new URL(desktop.page.url()).pathname).toBe('/accountability/method');
    await expect
      .poll(() => desktop.page.getByTestId('method-suppression').textContent(), poll)
      .toContain('k is 5 here');
    await check(desktop.page, 'method page');

    const german = await browser.newPage('axe-de', { locale: 'de-DE' });
    await german.page.goto(`${server.url}/accountability/method?lang=de`);
    await german.page.getByRole('heading', { name: 'Wie diese Zahlen entstehen' }).waitFor();
    await check(german.page, 'method page (DE)');

    const { page, errors } = await browser.newPage('phone', {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await openView(page, server.url, '?metric=toSceneMedian&priority=2');
    await waitForMap(page);
    await page.getByRole('button', { name: `Show the charts of ${HARBOUR.name}` }).click();
    await page.locator('[data-testid=acc-to-scene] table').first().waitFor();
    await screenshot(page, 'accountability', '5-phone');
    await check(page, 'accountability view on a phone');
    const widths = await page.evaluate(() => {
      const page = globalThis as unknown as {
        document: { documentElement: { scrollWidth: number } };
        innerWidth: number;
      };
      return { scroll: page.document.documentElement.scrollWidth, viewport: page.innerWidth };
    });
    expect(widths.scroll, 'no horizontal scroll').toBeLessThanOrEqual(widths.viewport);
    // Map above, the table below it, the charts below that.
    const top = async (selector: string) => (await page.locator(selector).first().boundingBox())?.y;
    const [map, table, charts] = await Promise.all([
      top('.maplibregl-canvas'),
      top('[data-testid=acc-table]'),
      top('[data-testid=acc-charts]'),
    ]);
    expect(map).toBeDefined();
    expect(table).toBeGreaterThan(map ?? Infinity);
    expect(charts).toBeGreaterThan(table ?? Infinity);
    console.log(reports.join('\n'));
    expect(errors).toEqual([]);
  });
});
