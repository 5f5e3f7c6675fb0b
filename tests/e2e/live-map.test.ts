import { describe, expect, it } from 'vitest';
import type { IncidentFeature } from '../../shared/schemas/incident.js';
import {
  SETTLE_MS,
  eventsReceived,
  listIds,
  liveStatus,
  mapIds,
  mapIncidents,
  mapView,
  openMap,
  screenshot,
  useBrowser,
  waitForMap,
} from '../support/browser.js';
import { serverForTest } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * The public live map in a real browser, against the real server (in this process, on a port of
 * its own and a database of its own per test): what it shows first, what arrives live, and the
 * category filter.
 */
const browser = useBrowser('live-map');

/** Downtown Vancouver: the tests' incidents are within ~1 km of it; a link to it at zoom 14. */
const VANCOUVER = { lat: 49.28, lon: -123.12 };
const VANCOUVER_VIEW = '/#14/49.28/-123.12';
const SEATTLE = { lat: 47.6062, lon: -122.3321 };

const near = (dLat: number, dLon: number) => ({
  lat: VANCOUVER.lat + dLat,
  lon: VANCOUVER.lon + dLon,
});
const idsOf = (features: IncidentFeature[]) => features.map((feature) => feature.id).sort();
const poll = { timeout: SETTLE_MS, interval: 100 };

describe('the public live map', { timeout: 120_000 }, () => {
  it('opens on the incidents already there: in the list and on the map, then a linked view', async () => {
    const server = await serverForTest();
    const vancouver = [
      await server.api.createIncident(incidentAt(near(0, 0), { category: 'theft' })),
      await server.api.createIncident(incidentAt(near(0.006, 0.009), { category: 'robbery' })),
      await server.api.createIncident(incidentAt(near(-0.005, -0.01), { category: 'traffic' })),
    ];
    const seattle = await server.api.createIncident(incidentAt(SEATTLE, { category: 'drugs' }));
    const { page, errors } = await browser.newPage('first-visit');
    // Offline by default: every request the page makes goes to its own server.
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));

    // A first visit without #zoom/lat/lon: the map fits the data.
    await openMap(page, server.url, '/');
    const everything = idsOf([...vancouver, seattle]);
    await expect.poll(() => listIds(page), poll).toEqual(everything);
    await expect
      .poll(() => page.locator('[data-testid=list-count]').textContent(), poll)
      .toContain('4 of 4 in view');
    await expect.poll(() => mapIds(page, 'rendered'), poll).toEqual(everything);
    const fitted = await mapView(page);
    expect(fitted.zoom).toBeGreaterThan(5); // not the world view it starts with
    expect(fitted.lat).toBeGreaterThan(SEATTLE.lat);
    expect(fitted.lat).toBeLessThan(VANCOUVER.lat + 0.01);
    expect(fitted.lon).toBeGreaterThan(VANCOUVER.lon - 0.01);
    expect(fitted.lon).toBeLessThan(SEATTLE.lon);
    // The camera went into the URL, so the view can be shared.
    expect(new URL(page.url()).hash).toMatch(/^#[\d.]+\/-?[\d.]+\/-?[\d.]+$/);
    await screenshot(page, 'live-map', '1a-first-visit-fits-data');

    // The link to a view of Vancouver: only what is in it, drawn as single points at zoom 14.
    await page.evaluate((hash) => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = hash;
    }, VANCOUVER_VIEW.slice(1));
    const inView = idsOf(vancouver);
    await expect.poll(() => listIds(page), poll).toEqual(inView);
    await expect
      .poll(() => page.locator('[data-testid=list-count]').textContent(), poll)
      .toContain('3 of 3 in view');
    await expect.poll(() => mapIds(page, 'rendered'), poll).toEqual(inView);
    const rendered = await mapIncidents(page, 'rendered');
    expect(rendered.filter((incident) => incident.clustered)).toEqual([]);
    await expect.poll(() => mapIds(page, 'tiled'), poll).not.toContain(seattle.id);

    const list = page.getByRole('region', { name: 'Incidents in view' });
    expect(await list.getByRole('heading', { name: 'Incidents in view' }).isVisible()).toBe(true);
    for (const id of inView) {
      expect(await list.locator(`button[data-incident="${id}"]`).isVisible()).toBe(true);
    }
    await screenshot(page, 'live-map', '1b-linked-view');
    expect(requested.some((url) => url.endsWith('/basemap/land.geojson'))).toBe(true);
    const ownOrigin = new URL(server.url).origin;
    const elsewhere = requested.filter(
      (url) => !/^(data|blob):/.test(url) && new URL(url).origin !== ownOrigin,
    );
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows an incident created while the page is open, live, and announces it', async () => {
    const server = await serverForTest();
    const before = [
      await server.api.createIncident(incidentAt(near(0.002, 0.004), { category: 'theft' })),
      await server.api.createIncident(incidentAt(near(-0.003, -0.006), { category: 'traffic' })),
    ];
    const { page, errors } = await browser.newPage('live');
    await openMap(page, server.url, VANCOUVER_VIEW);
    await expect.poll(() => listIds(page), poll).toEqual(idsOf(before));
    await expect.poll(() => liveStatus(page), poll).toBe('live');
    const announcer = page.locator('[data-testid=announcer]');
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
    const eventsBefore = await eventsReceived(page);
    expect(eventsBefore).not.toBeNaN();
    // Marks this document: a reload would lose it.
    await page.evaluate(() => {
      (globalThis as unknown as { e2eSameDocument?: boolean }).e2eSameDocument = true;
    });
    await screenshot(page, 'live-map', '2a-before-live-incident');

    const fresh = await server.api.createIncident(
      incidentAt(near(0.004, -0.003), { category: 'robbery' }),
    );

    await expect.poll(() => listIds(page), poll).toEqual(idsOf([...before, fresh]));
    await expect.poll(() => mapIds(page, 'rendered'), poll).toContain(fresh.id);
    await expect.poll(() => announcer.textContent(), poll).toContain('New incident: Robbery');
    await expect.poll(() => eventsReceived(page), poll).toBeGreaterThanOrEqual(eventsBefore + 1);
    expect(await liveStatus(page)).toBe('live');
    expect(await page.locator('[data-testid=live-indicator]').textContent()).toMatch(
      /Live — new incidents appear as they are reported\s*1 update since the page opened/, // the singular form: this page has seen exactly one event
    );
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { e2eSameDocument?: boolean }).e2eSameDocument,
      ),
    ).toBe(true);
    // On the map at its public location, as the REST API gives it to the public.
    const publicView = await server.api.getIncident(fresh.id, 'public');
    const onMap = (await mapIncidents(page, 'source')).find((i) => i.id === fresh.id);
    expect(onMap && [onMap.lon, onMap.lat]).toEqual(publicView.geometry.coordinates);
    await screenshot(page, 'live-map', '2b-live-incident-arrived');
    expect(errors).toEqual([]);
  });

  it('filters by category: list, map and URL, kept on reload and applied to live events', async () => {
    const server = await serverForTest();
    const robberies = [
      await server.api.createIncident(incidentAt(near(0.003, 0.005), { category: 'robbery' })),
      await server.api.createIncident(incidentAt(near(-0.004, 0.008), { category: 'robbery' })),
    ];
    const others = [
      await server.api.createIncident(incidentAt(near(0, -0.007), { category: 'theft' })),
      await server.api.createIncident(incidentAt(near(0.005, -0.002), { category: 'traffic' })),
      await server.api.createIncident(incidentAt(near(-0.006, 0.001), { category: 'theft' })),
    ];
    const { page, errors } = await browser.newPage('filter');
    await openMap(page, server.url, VANCOUVER_VIEW);
    await expect.poll(() => listIds(page), poll).toEqual(idsOf([...robberies, ...others]));
    await expect
      .poll(() => mapIds(page, 'rendered'), poll)
      .toEqual(idsOf([...robberies, ...others]));

    const categories = page.getByRole('group', { name: 'Categories' });
    const robbery = categories.locator('input[name=category][value=robbery]');
    await robbery.check();

    const onlyRobberies = idsOf(robberies);
    await expect.poll(() => listIds(page), poll).toEqual(onlyRobberies);
    await expect.poll(() => mapIds(page, 'rendered'), poll).toEqual(onlyRobberies);
    await expect.poll(() => mapIds(page, 'source'), poll).toEqual(onlyRobberies);
    await expect
      .poll(() => new URL(page.url()).searchParams.get('categories'), poll)
      .toBe('robbery');
    await screenshot(page, 'live-map', '3a-filtered-robbery');

    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForMap(page);
    expect(new URL(page.url()).searchParams.get('categories')).toBe('robbery');
    expect(await robbery.isChecked()).toBe(true);
    expect(await categories.locator('input[name=category][value=theft]').isChecked()).toBe(false);
    await expect.poll(() => listIds(page), poll).toEqual(onlyRobberies);
    await expect.poll(() => mapIds(page, 'rendered'), poll).toEqual(onlyRobberies);
    await expect.poll(() => liveStatus(page), poll).toBe('live');

    // Live events follow the filter: the theft (sent first) never shows, the robbery does.
    const liveTheft = await server.api.createIncident(
      incidentAt(near(0.001, 0.001), { category: 'theft' }),
    );
    const liveRobbery = await server.api.createIncident(
      incidentAt(near(-0.001, -0.001), { category: 'robbery' }),
    );
    await expect.poll(() => listIds(page), poll).toEqual(idsOf([...robberies, liveRobbery]));
    await expect.poll(() => mapIds(page, 'rendered'), poll).toContain(liveRobbery.id);
    expect(await mapIds(page, 'source')).not.toContain(liveTheft.id);
    await screenshot(page, 'live-map', '3b-filter-after-reload-and-live');
    expect(errors).toEqual([]);
  });
});
