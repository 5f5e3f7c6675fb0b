import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Accountability } from '../../shared/schemas/accountability.js';
import { addSquareDistrict, insertCalls } from '../support/accountability-fixtures.js';
import { SETTLE_MS, axeAudit, formatAxe, screenshot, useBrowser } from '../support/browser.js';
import { startInProcessServer, type InProcessServer } from '../support/e2e-server.js';
import { startFrameHost, type FrameHost } from '../support/frame-host.js';
import { incidentAt } from '../support/incident-factory.js';
import { bearer } from '../support/test-app.js';

/**
 * /embed/stats in an iframe of another origin (a second local server): the district's figures
 * as the API gives them, the chart and its table, withheld cells said as such, a response
 * recorded through the API arriving live; no MapLibre, no cookie, no storage; axe clean inside
 * the frame; a bad link a clear message.
 */
const browser = useBrowser('embed-stats');
const poll = { timeout: SETTLE_MS + 15_000, interval: 250 };

const HARBOUR = { name: 'Harbour', lon: -123.14, lat: 49.27 };
const HILLSIDE = { name: 'Hillside', lon: -123.12, lat: 49.27 };
const SIZE = 0.02;
const IN_HARBOUR = { lon: -123.13, lat: 49.28 };
/**
 * Priority 1: seven responses, published. Priority 2: four, one short of k = 5, withheld.
 * Priority 3: five, withheld too so that priority 2 cannot be worked out from the others.
 */
const PRIORITY_1_TO_SCENE_S = [200, 250, 300, 350, 400, 450, 500];
const PRIORITY_2_TO_SCENE_S = [300, 330, 360, 390];
const PRIORITY_3_TO_SCENE_S = [600, 700, 800, 900, 1000];

let server: InProcessServer;
let host: FrameHost;

beforeAll(async () => {
  server = await startInProcessServer();
  host = await startFrameHost();
  const pool = server.testApp.db.pool;
  await addSquareDistrict(pool, HARBOUR.name, HARBOUR.lon, HARBOUR.lat, SIZE);
  await addSquareDistrict(pool, HILLSIDE.name, HILLSIDE.lon, HILLSIDE.lat, SIZE);
  const twoDaysAgo = Date.now() - 2 * 86_400_000;
  const calls = (priority: number, times: number[], category: string) =>
    times.map((toScene, index) => ({
      at: { lon: IN_HARBOUR.lon + index * 0.001, lat: IN_HARBOUR.lat },
      category,
      priority,
      receivedAt: new Date(twoDaysAgo + (priority * 10 + index) * 3_600_000),
      toDispatch: 60,
      toScene,
      onScene: 900,
      ratings: [4],
    }));
  await insertCalls(pool, [
    ...calls(1, PRIORITY_1_TO_SCENE_S, 'theft'),
    ...calls(2, PRIORITY_2_TO_SCENE_S, 'burglary'),
    ...calls(3, PRIORITY_3_TO_SCENE_S, 'burglary'),
  ]);
}, 120_000);

afterAll(async () => {
  await host.close();
  await server.close();
});

function embedUrl(query: string): string {
  return `${server.url}/embed/stats?${query}`;
}

/** The host page with the embed in its iframe; resolves with the frame once it is drawn. */
async function openFramed(page: Page, query: string, state: 'ready' | 'error'): Promise<Frame> {
  await page.goto(host.pageUrl(embedUrl(query), 'Accountability figures'));
  const element = await page.waitForSelector('iframe#embed');
  const frame = await element.contentFrame();
  if (!frame) throw new Error('the iframe has no frame');
  await frame.waitForSelector(`#embed[data-state="${state}"]`, { timeout: poll.timeout });
  return frame;
}

async function publicStats(query: string): Promise<Accountability> {
  const response = await fetch(`${server.url}/api/v1/accountability?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Accountability;
}

function cellText(frame: Frame, priority: number, cell: string): Promise<string | null> {
  return frame
    .locator(`[data-testid=stats-table] tr[data-priority="${priority}"] [data-cell=${cell}]`)
    .textContent()
    .then((text) => text?.trim() ?? null);
}

/** m:ss, as the panel writes durations. */
function minutes(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

async function recordResponse(): Promise<void> {
  const incident = await server.api.createIncident(
    incidentAt(IN_HARBOUR, { category: 'burglary', priority: 2 }),
  );
  for (const step of ['received', 'dispatched', 'on_scene']) {
    const response = await fetch(`${server.url}/api/v1/incidents/${incident.id}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(server.api.dispatcherKey) },
      body: JSON.stringify({ step }),
    });
    expect(response.status, `${step}: ${await response.text()}`).toBeLessThan(300);
  }
}

describe('the stats embed in another site’s iframe', { timeout: 240_000 }, () => {
  it('shows the API’s figures, a chart and its table, and updates live; no MapLibre, no cookie', async () => {
    const { page, context, errors } = await browser.newPage('framed');
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));

    const frame = await openFramed(page, `district=${HARBOUR.name}`, 'ready');
    const stats = await publicStats(`district=${HARBOUR.name}&period=month`);
    const harbour = stats.districts[0];
    const p1 = harbour?.current.responses.find((r) => r.priority === 1);
    if (!harbour || !p1 || p1.toScene.median === null || p1.toScene.p90 === null) {
      throw new Error(`the fixture should publish priority 1: ${JSON.stringify(harbour)}`);
    }

    // The API's numbers, as the panel writes them.
    expect(await frame.locator('h1').textContent()).toBe(HARBOUR.name);
    expect(await frame.getByTestId('stats-incidents').textContent()).toContain(
      String(harbour.current.incidents.total.value),
    );
    expect(await cellText(frame, 1, 'median')).toBe(minutes(p1.toScene.median));
    expect(await cellText(frame, 1, 'p90')).toBe(minutes(p1.toScene.p90));
    expect(await cellText(frame, 1, 'count')).toBe(String(p1.count.value));
    expect(await frame.locator('[data-testid=stats-categories] li').allTextContents()).toEqual([
      'Burglary: 9',
      'Theft: 7',
    ]);
    // Withheld cells say why, never a figure: too few, or so that the other cannot be derived.
    expect(await cellText(frame, 2, 'median')).toBe('fewer than 5');
    expect(await cellText(frame, 3, 'median')).toBe('withheld so another cell cannot be derived');
    const chartText = (await frame.getByTestId('stats-chart').textContent()) ?? '';
    expect(chartText).toContain('fewer than 5');
    expect(chartText).toContain('withheld so another cell cannot be derived');
    // The chart (an image with a text alternative) and its table twin with a caption.
    const chart = frame.getByRole('img', { name: /time to scene by priority/i });
    expect(await chart.locator('rect').count()).toBe(2);
    expect(await frame.locator('[data-testid=stats-table] caption').textContent()).toContain(
      HARBOUR.name,
    );
    expect(await frame.getByTestId('stats-as-of').textContent()).toMatch(/^Data as of /);
    const link = frame.getByRole('link', { name: /Open the full view/ });
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener');
    expect(await link.getAttribute('href')).toBe(
      `${server.url}/accountability?district=${HARBOUR.name}`,
    );
    // The default 480 px frame holds it all without a horizontal scroll.
    expect(await frame.evaluate('document.documentElement.scrollWidth <= innerWidth')).toBe(true);
    await screenshot(page, 'embed-stats', '1-framed');

    // The fifth priority-2 response, recorded through the API: the median appears, live.
    await recordResponse();
    await expect.poll(() => cellText(frame, 2, 'median'), poll).toBe('5:30');
    await expect
      .poll(() => frame.getByTestId('stats-announcement').textContent(), poll)
      .toContain('Figures updated at');
    await screenshot(page, 'embed-stats', '2-live');

    // Light: no MapLibre or map chunk at all; public: no cookie, nothing stored.
    const embedAssets = requests.filter((url) => url.startsWith(`${server.url}/assets/`));
    expect(embedAssets.some((url) => /embed-stats-.*\.js$/.test(url))).toBe(true);
    expect(requests.filter((url) => /maplibre|MapShell|pmtiles|\/tiles\//i.test(url))).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    // A string runs in the frame as it is: the tests have no DOM types.
    expect(await frame.evaluate('localStorage.length + sessionStorage.length')).toBe(0);

    const { violations } = await axeAudit(page);
    expect(
      violations.map((v) => v.id),
      formatAxe('stats embed (light)', violations),
    ).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('speaks German in a dark theme, axe clean; a bad link or an unknown district says so', async () => {
    const { page, errors } = await browser.newPage('variants');
    const german = await openFramed(
      page,
      `district=${HARBOUR.name}&lang=de&theme=dark&priority=1`,
      'ready',
    );
    expect(await german.locator('html').getAttribute('lang')).toBe('de');
    expect(await german.getByRole('heading', { name: 'Vorfälle' }).count()).toBe(1);
    expect(await german.locator('[data-testid=stats-table] tbody tr').count()).toBe(1);
    const { violations } = await axeAudit(page);
    expect(
      violations.map((v) => v.id),
      formatAxe('stats embed (de, dark)', violations),
    ).toEqual([]);
    await screenshot(page, 'embed-stats', '3-de-dark');

    const bad = await openFramed(page, 'period=decade&colour=red', 'error');
    const problem = (await bad.getByTestId('stats-problem').textContent()) ?? '';
    expect(problem).toContain('“district” is missing.');
    expect(problem).toContain('“period” has a value this embed does not accept: decade.');
    expect(problem).toContain('“colour” is not a parameter of this embed.');
    const badAxe = await axeAudit(page);
    expect(badAxe.violations, formatAxe('stats embed (bad link)', badAxe.violations)).toEqual([]);

    const unknown = await openFramed(page, 'district=Atlantis&lang=de', 'error');
    expect(await unknown.getByTestId('stats-problem').textContent()).toContain(
      'Es gibt keinen Bezirk namens „Atlantis“.',
    );
    await screenshot(page, 'embed-stats', '4-unknown');
    expect(errors).toEqual([]);
  });
});
