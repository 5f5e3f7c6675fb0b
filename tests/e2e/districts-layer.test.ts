import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { importDistricts } from '../../server/districts/import-districts.js';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  openMap,
  screenshot,
  useBrowser,
} from '../support/browser.js';
import { serverForTest } from '../support/e2e-server.js';

/**
 * The districts layer: imported districts drawn as boundaries with their names, one name per
 * district inside it, switched off and on from the keyboard, explained in the legend.
 */
const browser = useBrowser('districts');
const poll = { timeout: SETTLE_MS, interval: 200 };

const SIZE = 0.02;
/** Three squares side by side over Vancouver, west to east. */
const DISTRICTS = ['Alder Flats', 'Birch Heights', 'Cedar Cove'].map((name, i) => ({
  name,
  west: -123.15 + i * SIZE,
  south: 49.25,
}));
const VIEW = '/#13/49.26/-123.12';
const LABEL = 'Districts (boundaries and names)';
const LEGEND = 'District boundary; its name is written inside';

function featureCollection(): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: DISTRICTS.map(({ name, west, south }) => ({
      type: 'Feature',
      properties: { name },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [west, south],
            [west + SIZE, south],
            [west + SIZE, south + SIZE],
            [west, south + SIZE],
            [west, south],
          ],
        ],
      },
    })),
  });
}

interface Drawn {
  boundaries: string[];
  names: { name: string; lon: number; lat: number }[];
}

/** What MapLibre has drawn of the districts layer, read back from its rendered features. */
function drawnDistricts(page: Page): Promise<Drawn> {
  return page.evaluate(() => {
    interface Rendered {
      geometry: { coordinates: unknown };
      properties: Record<string, unknown>;
    }
    const map = (
      globalThis as unknown as {
        openbeatMap: {
          getLayer(id: string): unknown;
          queryRenderedFeatures(options: { layers: string[] }): Rendered[];
        };
      }
    ).openbeatMap;
    const rendered = (layer: string) =>
      map.getLayer(layer) ? map.queryRenderedFeatures({ layers: [layer] }) : [];
    return {
      boundaries: [
        ...new Set(rendered('districts-boundaries').map((f) => String(f.properties.name))),
      ].sort(),
      names: rendered('districts-names').map((f) => {
        const [lon, lat] = f.geometry.coordinates as [number, number];
        return { name: String(f.properties.name), lon, lat };
      }),
    };
  });
}

describe('the districts layer', { timeout: 120_000 }, () => {
  it('draws boundaries and one name per district, toggled from the keyboard', async () => {
    const server = await serverForTest();
    const report = await importDistricts(server.testApp.db.pool, featureCollection(), {
      nameProperty: 'name',
      source: 'e2e',
    });
    expect(report.inserted).toBe(3);
    const { page, errors } = await browser.newPage('districts');
    const origin = new URL(server.url).origin;
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && url.origin !== origin) elsewhere.push(request.url());
    });
    await openMap(page, server.url, VIEW);

    const names = DISTRICTS.map((d) => d.name).sort();
    await expect.poll(async () => (await drawnDistricts(page)).boundaries, poll).toEqual(names);
    await expect
      .poll(async () => (await drawnDistricts(page)).names.map((n) => n.name).sort(), poll)
      .toEqual(names);
    // Each name once, inside its own district.
    for (const { name, lon, lat } of (await drawnDistricts(page)).names) {
      const district = DISTRICTS.find((d) => d.name === name);
      if (!district) throw new Error(`an unknown name was drawn: ${name}`);
      expect(lon, name).toBeGreaterThan(district.west);
      expect(lon, name).toBeLessThan(district.west + SIZE);
      expect(lat, name).toBeGreaterThan(district.south);
      expect(lat, name).toBeLessThan(district.south + SIZE);
    }
    const toggle = page.getByRole('checkbox', { name: LABEL });
    expect(await toggle.isChecked()).toBe(true);
    expect(await page.getByText(LEGEND).isVisible()).toBe(true);
    await screenshot(page, 'districts', '11a-districts-on');

    const { violations } = await axeAudit(page);
    expect(
      violations.map((v) => v.id),
      formatAxe('map with districts', violations),
    ).toEqual([]);

    // Off with the keyboard: nothing drawn, the legend entry goes, the address remembers.
    await toggle.focus();
    await page.keyboard.press('Space');
    expect(await toggle.isChecked()).toBe(false);
    await expect.poll(() => drawnDistricts(page), poll).toEqual({ boundaries: [], names: [] });
    await expect.poll(() => page.getByText(LEGEND).count(), poll).toBe(0);
    expect(new URL(page.url()).searchParams.get('layers')?.split(',')).not.toContain('districts');
    await screenshot(page, 'districts', '11b-districts-off');

    // And on again.
    await page.keyboard.press('Space');
    expect(await toggle.isChecked()).toBe(true);
    await expect.poll(async () => (await drawnDistricts(page)).boundaries, poll).toEqual(names);
    await expect.poll(async () => (await drawnDistricts(page)).names.length, poll).toBe(3);
    expect(await page.getByText(LEGEND).isVisible()).toBe(true);

    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
  });
});
