import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addSquareDistrict } from '../support/accountability-fixtures.js';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  screenshot,
  useBrowser,
  waitForMap,
} from '../support/browser.js';
import { serverForTest, type InProcessServer } from '../support/e2e-server.js';

/**
 * The embed builder against the real server: a journalist moves the map, picks layers, theme,
 * size, a district and the statistics panel, and the preview iframe and the snippet follow;
 * the copy buttons put the snippet and the link on the clipboard. Then axe and a phone.
 */
const browser = useBrowser('embed-builder');
const poll = { timeout: SETTLE_MS, interval: 200 };

const HARBOUR = { name: 'Harbour', lon: -123.14, lat: 49.27 };
const HILLSIDE = { name: 'Hillside', lon: -123.12, lat: 49.27 };

async function withDistricts(server: InProcessServer): Promise<void> {
  const pool = server.testApp.db.pool;
  await addSquareDistrict(pool, HARBOUR.name, HARBOUR.lon, HARBOUR.lat, 0.02);
  await addSquareDistrict(pool, HILLSIDE.name, HILLSIDE.lon, HILLSIDE.lat, 0.02);
}

interface Preview {
  src: string;
  width: string | null;
  height: string | null;
  title: string | null;
  loaded: string | null;
}

async function preview(page: Page): Promise<Preview> {
  const frame = page.getByTestId('eb-preview');
  const [src, width, height, title, loaded] = await Promise.all(
    ['src', 'width', 'height', 'title', 'data-loaded'].map((name) => frame.getAttribute(name)),
  );
  return {
    src: src ?? '',
    width: width ?? null,
    height: height ?? null,
    title: title ?? null,
    loaded: loaded ?? null,
  };
}

/** The preview's src once it is `expected` and the frame has loaded it. */
async function previewShows(page: Page, expected: string): Promise<Preview> {
  await expect.poll(async () => (await preview(page)).src, poll).toBe(expected);
  await expect.poll(async () => (await preview(page)).loaded, poll).toBe('true');
  // The frame's document is the embed page at that address.
  const frame = await page.getByTestId('eb-preview').elementHandle();
  const content = await frame.contentFrame();
  expect(content?.url()).toBe(expected);
  expect(
    await content?.evaluate(
      () => (globalThis as unknown as { document: { readyState: string } }).document.readyState,
    ),
  ).toBe('complete');
  return preview(page);
}

function snippet(page: Page): Promise<string> {
  return page.locator('#eb-snippet-text').inputValue();
}

function expectedSnippet(src: string, title: string, width: number, height: number): string {
  return `<iframe src="${src.replace(/&/g, '&amp;')}" title="${title}" width="${width}" height="${height}" loading="lazy" style="border:0"></iframe>`;
}

async function bboxOfPreview(page: Page): Promise<number[]> {
  const src = (await preview(page)).src;
  return (new URL(src).searchParams.get('bbox') ?? '').split(',').map(Number);
}

async function noHorizontalScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const page = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number } };
      innerWidth: number;
    };
    return { scroll: page.document.documentElement.scrollWidth, viewport: page.innerWidth };
  });
  expect(widths.scroll, 'no horizontal scroll').toBeLessThanOrEqual(widths.viewport);
}

describe('the embed builder', { timeout: 300_000 }, () => {
  it('previews and copies the embed the options describe', async () => {
    const server = await serverForTest();
    await withDistricts(server);
    const { context, page, errors } = await browser.newPage('builder');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.goto(`${server.url}/embed-builder`, { waitUntil: 'domcontentloaded' });
    await waitForMap(page);
    await page
      .getByRole('heading', { name: 'Embed the live map or a district’s statistics' })
      .waitFor();

    // The map opens on the districts; the embed shows its view at the default size.
    await expect.poll(() => bboxOfPreview(page), poll).toHaveLength(4);
    const [west, south, east, north] = await bboxOfPreview(page);
    expect(west).toBeLessThanOrEqual(HARBOUR.lon);
    expect(east).toBeGreaterThanOrEqual(HILLSIDE.lon + 0.02);
    expect(south).toBeLessThanOrEqual(HARBOUR.lat);
    expect(north).toBeGreaterThanOrEqual(HARBOUR.lat + 0.02);
    let shown = await previewShows(page, (await preview(page)).src);
    expect(shown).toMatchObject({
      width: '640',
      height: '480',
      title: 'Openbeat live map: incidents, last 24 hours',
    });
    expect(await snippet(page)).toBe(
      expectedSnippet(shown.src, 'Openbeat live map: incidents, last 24 hours', 640, 480),
    );

    // Moving the map moves the embed's area.
    await page.evaluate(() => {
      const map = (globalThis as unknown as { openbeatMap: { jumpTo(o: object): void } })
        .openbeatMap;
      map.jumpTo({ center: [-123.05, 49.25], zoom: 14 });
    });
    await expect
      .poll(async () => {
        const [w = 0, s = 0, e = 0, n = 0] = await bboxOfPreview(page);
        return [(w + e) / 2, (s + n) / 2].map((value) => Math.round(value * 100) / 100);
      }, poll)
      .toEqual([-123.05, 49.25]);
    const moved = (await preview(page)).src;
    expect(moved).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/embed\?bbox=[-\d.]+%2C[-\d.]+%2C[-\d.]+%2C[-\d.]+$/,
    );
    await screenshot(page, 'embed-builder', '1-map-view');

    // Layers, theme and size.
    await page.getByLabel('Residents’ observations').check();
    await page.getByLabel('Dark', { exact: true }).check();
    await page.getByLabel('Wide (960 × 600)').check();
    const bbox = new URL(moved).searchParams.get('bbox') ?? '';
    const themed = `${server.url}/embed?${new URLSearchParams({ bbox, layers: 'incidents,observations', theme: 'dark' }).toString()}`;
    shown = await previewShows(page, themed);
    expect(shown).toMatchObject({ width: '960', height: '600' });
    const themedTitle = 'Openbeat live map: incidents and residents’ observations, last 24 hours';
    expect(await snippet(page)).toBe(expectedSnippet(themed, themedTitle, 960, 600));

    // A custom size.
    await page.getByLabel('Custom', { exact: true }).check();
    await page.getByLabel('Width (pixels)').fill('500');
    await page.getByLabel('Height (pixels)').fill('300');
    await expect.poll(async () => (await preview(page)).width, poll).toBe('500');
    expect((await preview(page)).height).toBe('300');
    expect(await snippet(page)).toBe(expectedSnippet(themed, themedTitle, 500, 300));

    // A named district instead of the map's view.
    await page.getByLabel('A district').check();
    await expect
      .poll(() => page.getByTestId('eb-problem').textContent(), poll)
      .toContain('Choose a district for this embed.');
    await page.getByTestId('eb-district').selectOption(HARBOUR.name);
    const district = `${server.url}/embed?district=Harbour&layers=incidents%2Cobservations&theme=dark`;
    await previewShows(page, district);
    const districtTitle =
      'Openbeat live map of Harbour: incidents and residents’ observations, last 24 hours';
    expect(await snippet(page)).toBe(expectedSnippet(district, districtTitle, 500, 300));

    // Copying: the snippet, then the link, each confirmed where a screen reader hears it.
    await page.getByRole('button', { name: 'Copy the embed code' }).click();
    const snippetStatus = page.getByTestId('eb-snippet-status');
    await expect
      .poll(() => snippetStatus.textContent(), poll)
      .toContain('Copied to the clipboard.');
    expect(await snippetStatus.getAttribute('role')).toBe('status');
    const clipboard = () =>
      page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      );
    expect(await clipboard()).toBe(expectedSnippet(district, districtTitle, 500, 300));
    await page.getByRole('button', { name: 'Copy the link' }).click();
    await expect
      .poll(() => page.getByTestId('eb-link-status').textContent(), poll)
      .toContain('Copied to the clipboard.');
    expect(await clipboard()).toBe(district);
    await screenshot(page, 'embed-builder', '2-district');

    // The statistics panel, its title in German.
    await page.getByLabel('District statistics').check();
    await page.getByTestId('eb-district').selectOption(HILLSIDE.name);
    await page.getByTestId('eb-period').selectOption('week');
    await page.getByTestId('eb-priority').selectOption('2');
    await page.getByTestId('eb-lang').selectOption('de');
    await page.getByLabel('Standard (480 × 560)').check();
    const stats = `${server.url}/embed/stats?district=Hillside&period=week&priority=2&lang=de&theme=dark`;
    shown = await previewShows(page, stats);
    // The size follows the src by a render at most.
    await expect.poll(async () => (await preview(page)).width, poll).toBe('480');
    shown = await preview(page);
    const statsTitle =
      'Openbeat-Statistik der Polizeieinsätze für Hillside: vergangene Woche, Priorität 2';
    expect(shown).toMatchObject({ width: '480', height: '560', title: statsTitle });
    expect(await snippet(page)).toBe(expectedSnippet(stats, statsTitle, 480, 560));
    expect(await page.locator('#eb-link-text').inputValue()).toBe(stats);
    await screenshot(page, 'embed-builder', '3-stats');
    expect(errors).toEqual([]);
  });

  it('is linked from the map and the accountability view, axe-clean in both languages, fits a phone', async () => {
    const server = await serverForTest();
    await withDistricts(server);
    const reports: string[] = [];
    const check = async (page: Page, view: string) => {
      const { violations } = await axeAudit(page);
      const report = formatAxe(view, violations);
      reports.push(report);
      expect.soft(violations.map((finding) => finding.id).sort(), report).toEqual([]);
    };

    const desktop = await browser.newPage('links');
    await desktop.page.goto(`${server.url}/accountability?period=week`, {
      waitUntil: 'domcontentloaded',
    });
    await desktop.page.getByRole('link', { name: 'Embed these statistics on your site' }).click();
    await desktop.page.getByTestId('eb-district').waitFor();
    expect(new URL(desktop.page.url()).search).toBe('?kind=stats&period=week');
    expect(await desktop.page.getByLabel('District statistics').isChecked()).toBe(true);
    // No district yet: no embed, and the page says why.
    await expect
      .poll(() => desktop.page.getByTestId('eb-problem').textContent(), poll)
      .toContain('Choose a district for this embed.');
    expect(await desktop.page.getByTestId('eb-preview').count()).toBe(0);
    await desktop.page.getByTestId('eb-district').selectOption(HARBOUR.name);
    await previewShows(desktop.page, `${server.url}/embed/stats?district=Harbour&period=week`);
    await check(desktop.page, 'embed builder (statistics)');
    await desktop.page.getByRole('link', { name: 'Back to the map' }).click();
    await waitForMap(desktop.page);
    await desktop.page.getByRole('link', { name: 'Embed', exact: true }).click();
    await waitForMap(desktop.page);
    expect(new URL(desktop.page.url()).pathname).toBe('/embed-builder');
    await expect.poll(async () => (await preview(desktop.page)).loaded, poll).toBe('true');
    await check(desktop.page, 'embed builder (map)');

    // The page in German.
    await desktop.page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('de');
    await desktop.page
      .getByRole('heading', { name: 'Die Livekarte oder die Statistik eines Bezirks einbetten' })
      .waitFor();
    await expect.poll(async () => (await preview(desktop.page)).src, poll).toContain('lang=de');
    await check(desktop.page, 'embed builder (DE)');

    const { page, errors } = await browser.newPage('phone', {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`${server.url}/embed-builder`, { waitUntil: 'domcontentloaded' });
    await waitForMap(page);
    await expect.poll(async () => (await preview(page)).loaded, poll).toBe('true');
    await noHorizontalScroll(page);
    await page.getByLabel('Custom', { exact: true }).check();
    await page.getByLabel('Width (pixels)').fill('1200');
    await expect.poll(async () => (await preview(page)).width, poll).toBe('1200');
    await noHorizontalScroll(page);
    await screenshot(page, 'embed-builder', '4-phone');
    await check(page, 'embed builder on a phone');
    console.log(reports.join('\n'));
    expect(desktop.errors).toEqual([]);
    expect(errors).toEqual([]);
  });
});
