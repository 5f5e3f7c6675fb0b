import { describe, expect, it } from 'vitest';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  listIds,
  screenshot,
  useBrowser,
  waitForMap,
} from '../support/browser.js';
import { serverForTest } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * The client's pages by path (the hash is MapLibre's camera): a link to a page the client does
 * not have says so, in the page's language, and leads to the live map without reloading.
 */
const browser = useBrowser('routes');
const poll = { timeout: SETTLE_MS, interval: 100 };

describe("the client's routes", { timeout: 120_000 }, () => {
  it('shows the not-found view at an unknown path, then the live map by its path', async () => {
    const server = await serverForTest();
    const incident = await server.api.createIncident(incidentAt({ lat: 49.28, lon: -123.12 }));
    const { page, errors } = await browser.newPage('not-found');

    const response = await page.goto(`${server.url}/no/such/page?lang=de`);
    expect(response?.status()).toBe(404);
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent(), poll).toBe('Hier gibt es keine Seite');
    expect(await page.title()).toBe('Seite nicht gefunden: Openbeat');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    const { violations } = await axeAudit(page);
    expect(violations, formatAxe('not-found view', violations)).toEqual([]);
    await screenshot(page, 'routes', '1-not-found');

    // The link opens the map in the same page: no reload, the URL by path.
    await page.evaluate(() => {
      (globalThis as unknown as { sameDocument?: boolean }).sameDocument = true;
    });
    await page.getByRole('link', { name: 'Zur Live-Karte' }).click();
    await waitForMap(page);
    expect(new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => listIds(page), poll).toEqual([incident.id]);
    expect(await page.title()).toBe('Openbeat Live-Karte');
    expect(
      await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument),
    ).toBe(true);
    await screenshot(page, 'routes', '2-live-map-by-path');

    // Back: the not-found view again, at its path.
    await page.goBack();
    await expect.poll(() => heading.textContent(), poll).toBe('Hier gibt es keine Seite');
    expect(new URL(page.url()).pathname).toBe('/no/such/page');
    expect(errors).toEqual([]);
  });

  it('opens the live map at its path with the view in the address kept', async () => {
    const server = await serverForTest();
    const incident = await server.api.createIncident(incidentAt({ lat: 49.28, lon: -123.12 }));
    const { page, errors } = await browser.newPage('live-map-path');

    const response = await page.goto(`${server.url}/?categories=theft#14/49.28/-123.12`);
    expect(response?.status()).toBe(200);
    await waitForMap(page);
    await expect.poll(() => listIds(page), poll).toEqual([incident.id]);
    const address = new URL(page.url());
    expect(address.pathname).toBe('/');
    expect(address.searchParams.get('categories')).toBe('theft');
    expect(address.hash).toMatch(/^#14(\.\d+)?\/49\.28\d*\/-123\.12\d*$/);
    await expect
      .poll(() =>
        page.getByRole('heading', { level: 1, name: 'Openbeat live map', exact: true }).count(),
      )
      .toBe(1);
    expect(errors).toEqual([]);
  });
});
