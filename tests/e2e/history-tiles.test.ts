import { describe, expect, it } from 'vitest';
import { SETTLE_MS, openMap, screenshot, useBrowser } from '../support/browser.js';
import { serverForTest } from '../support/e2e-server.js';
import { incidentRecord, insertIncidentRecords } from '../support/incident-factory.js';

/**
 * A view holding more incidents than one snapshot carries (5,000): the list says so and the map
 * draws the rest from the server's vector tiles (counted cells at this zoom), under the live layer.
 */
const browser = useBrowser('history');
const poll = { timeout: SETTLE_MS, interval: 200 };
const MORE_THAN_A_SNAPSHOT = 6000;

describe('the history layer', { timeout: 120_000 }, () => {
  it('draws every incident of the window from vector tiles when the view holds too many', async () => {
    const server = await serverForTest();
    // Rows straight into the table, spread over ~15 × 2 km of Vancouver and the last few hours,
    // so they are in the default 24-hour window.
    const now = Date.now();
    await insertIncidentRecords(
      server.testApp.db.pool,
      Array.from({ length: MORE_THAN_A_SNAPSHOT }, (_, i) => {
        const n = i + 1;
        return incidentRecord({
          summary: 'Bulk row',
          location: { lon: -123.2 + (n % 150) * 0.001, lat: 49.2 + Math.floor(n / 150) * 0.0005 },
          occurredAt: new Date(now - n * 2_000),
          source: 'e2e-bulk',
          externalRef: `bulk-${n}`,
        });
      }),
    );
    const { page, errors } = await browser.newPage('history');
    const tileRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/tiles/incidents/')) tileRequests.push(request.url());
    });
    await openMap(page, server.url, '/#11.5/49.21/-123.125');

    await expect
      .poll(() => page.getByText('only the newest 5,000 are loaded').isVisible(), poll)
      .toBe(true);
    const drawnFromTiles = () =>
      page.evaluate(() => {
        const map = (
          globalThis as unknown as {
            openbeatMap: {
              queryRenderedFeatures(options: {
                layers: string[];
              }): { properties: Record<string, unknown> }[];
            };
          }
        ).openbeatMap;
        const cells = map.queryRenderedFeatures({ layers: ['incidents-history-cells'] });
        return cells.reduce((sum, cell) => sum + Number(cell.properties.count ?? 0), 0);
      });
    // The cells count (nearly) every row: a cell of fewer than 3 is never drawn.
    await expect.poll(drawnFromTiles, poll).toBeGreaterThan(MORE_THAN_A_SNAPSHOT * 0.9);
    expect(tileRequests.length).toBeGreaterThan(0);
    const query = new URL(tileRequests[0] ?? '').searchParams;
    expect(query.get('from')).not.toBeNull();
    expect(query.get('to')).not.toBeNull();
    await screenshot(page, 'history', '9a-history-tiles');
    expect(errors).toEqual([]);
  });
});
