import { describe, expect, it } from 'vitest';
import { SETTLE_MS, openMap, useBrowser } from '../support/browser.js';
import { serverForTest } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * Where an incident is, in words, in a real browser: the list item's accessible name (what a
 * screen reader reads) and the detail panel hold the place the server made.
 */
const browser = useBrowser('places');

const VANCOUVER = { lat: 49.28, lon: -123.12 };
const VANCOUVER_VIEW = '/#14/49.28/-123.12';
const poll = { timeout: SETTLE_MS, interval: 100 };

describe('places in words', { timeout: 120_000 }, () => {
  it('reads the place as part of the list item and shows it in the panel', async () => {
    const server = await serverForTest();
    await server.testApp.db.pool.query(
      `INSERT INTO districts (name, source, geometry)
       VALUES ('Downtown', 'test', ST_Multi(ST_MakeEnvelope(-123.14, 49.27, -123.10, 49.29, 4326)))`,
    );
    const theft = await server.api.createIncident(
      incidentAt(VANCOUVER, { category: 'theft', block: '512 Homer St' }),
    );
    expect(theft.properties.place).toBe('near 5XX Homer St, Downtown');
    const { page, errors } = await browser.newPage('list-and-panel');
    await openMap(page, server.url, VANCOUVER_VIEW);

    const item = page.getByRole('button', { name: /near 5XX Homer St, Downtown/ });
    await expect.poll(() => item.count(), poll).toBe(1);
    expect(await item.getAttribute('data-incident')).toBe(theft.id);
    await item.click();
    const panel = page.locator('[data-testid=incident-panel]');
    await expect
      .poll(() => panel.locator('[data-testid=panel-place]').textContent(), poll)
      .toBe('near 5XX Homer St, Downtown');
    expect(errors).toEqual([]);
  });
});
