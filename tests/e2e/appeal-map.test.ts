import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  listIds,
  openMap,
  screenshot,
  useBrowser,
} from '../support/browser.js';
import { serverForTest } from '../support/e2e-server.js';
import { bearer } from '../support/test-app.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * An appeal for information on the live map (issue 12, part 7): dispatch opens one over HTTP
 * with its API key, and the public page, open all along, rings the incident on the map, says so
 * in the list and explains the ring in the legend, live, without a reload.
 */
const browser = useBrowser('appeal-map');
const poll = { timeout: SETTLE_MS, interval: 100 };

const APPEALED = { lat: 49.2801, lon: -123.1201 };
const OTHER = { lat: 49.2838, lon: -123.1142 };
const LEGEND = 'Appeal for information (an amber ring: the police ask for tips)';

/** The incident ids MapLibre drew on the appeal ring layer. */
async function ringed(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = (
      globalThis as unknown as {
        openbeatMap?: {
          queryRenderedFeatures(options: {
            layers: string[];
          }): { properties: Record<string, unknown> }[];
        };
      }
    ).openbeatMap;
    if (!map) return [];
    return map
      .queryRenderedFeatures({ layers: ['incidents-appeal'] })
      .map((feature) => String(feature.properties.incidentId));
  });
}

describe('an appeal for information on the live map', { timeout: 180_000 }, () => {
  it('rings the incident, lists it as an appeal and explains the ring, live', async () => {
    const server = await serverForTest();
    const appealed = await server.api.createIncident(incidentAt(APPEALED));
    const other = await server.api.createIncident(incidentAt(OTHER));

    const { page, errors } = await browser.newPage('appeal');
    await openMap(page, server.url, `/#15/${APPEALED.lat}/${APPEALED.lon}`);
    await expect
      .poll(async () => (await listIds(page)).sort(), poll)
      .toEqual([appealed.id, other.id].sort());
    expect(await ringed(page)).toEqual([]);
    expect(await page.getByText(LEGEND).isVisible()).toBe(true);
    // A reload would lose this.
    await page.evaluate(() => {
      (globalThis as unknown as { stillThisPage?: boolean }).stillThisPage = true;
    });

    const response = await fetch(
      `${server.url}/api/v1/incidents/${encodeURIComponent(appealed.id)}/appeal`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(server.api.dispatcherKey) },
        body: JSON.stringify({
          text: 'Did you see a grey van on this block last night?',
          until: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      },
    );
    expect(response.status, await response.clone().text()).toBe(201);

    await expect.poll(() => ringed(page), poll).toEqual([appealed.id]);
    const item = page.locator(`button[data-incident="${appealed.id}"]`);
    await expect.poll(() => item.textContent(), poll).toContain('Appeal for information');
    expect(await page.locator(`button[data-incident="${other.id}"]`).textContent()).not.toContain(
      'Appeal for information',
    );
    // A screen reader hears it in the item's name.
    expect(
      await page
        .getByRole('button', { name: /Appeal for information/ })
        .getAttribute('data-incident'),
    ).toBe(appealed.id);
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { stillThisPage?: boolean }).stillThisPage,
      ),
    ).toBe(true);
    await screenshot(page, 'appeal-map', '1-appeal-ringed');

    const { violations } = await axeAudit(page);
    expect(
      violations.map((f) => f.id),
      formatAxe('appeal on the map', violations),
    ).toEqual([]);
    expect(errors).toEqual([]);
  });
});
