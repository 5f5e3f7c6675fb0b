import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentFeature } from '../../shared/schemas/incident.js';
import {
  SETTLE_MS,
  eventsReceived,
  listIds,
  liveStatus,
  mapIds,
  openMap,
  screenshot,
  useBrowser,
} from '../support/browser.js';
import { startChildServer, type ChildServer } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * The live stream across a real cut: the server runs as `npm start` runs it (a child process),
 * and is stopped and started again on the same port while the page stays open.
 */
const browser = useBrowser('reconnect');

let server: ChildServer;
beforeAll(async () => {
  server = await startChildServer();
}, 120_000);
afterAll(async () => {
  await server.close();
});

/** socket.io backs off up to 5 s (±50 %) between attempts: coming back takes up to ~8 s. */
const poll = { timeout: SETTLE_MS, interval: 100 };
const reconnectPoll = { timeout: 30_000, interval: 100 };
const idsOf = (features: IncidentFeature[]) => features.map((feature) => feature.id).sort();

/** The indicator's sentence, in residents' words: live, or since when the page shows what it has. */
const LIVE = 'Live — new incidents appear as they are reported';
const RECONNECTING = /^Reconnecting… — showing what was loaded at \d{1,2}:\d{2}/;

async function indicatorText(page: Page): Promise<string> {
  return (await page.locator('[data-testid=live-indicator] [role=status]').textContent()) ?? '';
}

async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as { e2eSameDocument?: boolean }).e2eSameDocument = true;
  });
}

async function sameDocument(page: Page): Promise<boolean | undefined> {
  return page.evaluate(
    () => (globalThis as unknown as { e2eSameDocument?: boolean }).e2eSameDocument,
  );
}

describe('the live indicator and stream across a server restart', { timeout: 120_000 }, () => {
  it('a graceful restart (SIGTERM): Reconnecting, then live again by itself', async () => {
    const place = { lat: 48.8566, lon: 2.3522 }; // Paris
    const before = await server.api.createIncident(incidentAt(place, { category: 'theft' }));
    const { page, errors } = await browser.newPage('sigterm');
    await openMap(page, server.url, '/#14/48.8566/2.3522');
    await expect.poll(() => listIds(page), poll).toEqual([before.id]);
    await expect.poll(() => liveStatus(page), poll).toBe('live');
    expect(await indicatorText(page)).toBe(LIVE);
    await markDocument(page);

    await server.stop('SIGTERM');
    await expect.poll(() => liveStatus(page), poll).toBe('reconnecting');
    expect(await indicatorText(page)).toMatch(RECONNECTING);
    await screenshot(page, 'reconnect', '5a-sigterm-reconnecting');

    await server.start();
    await expect.poll(() => liveStatus(page), reconnectPoll).toBe('live');
    const after = await server.api.createIncident(
      incidentAt({ lat: place.lat + 0.003, lon: place.lon + 0.004 }, { category: 'robbery' }),
    );
    await expect.poll(() => listIds(page), poll).toEqual(idsOf([before, after]));
    await expect.poll(() => mapIds(page, 'rendered'), poll).toEqual(idsOf([before, after]));
    expect(await indicatorText(page)).toBe(LIVE);
    expect(await sameDocument(page)).toBe(true);
    await screenshot(page, 'reconnect', '5b-sigterm-live-again');
    expect(errors).toEqual([]);
  });

  it('a crash (SIGKILL): an incident created while the page was cut off arrives once it is back', async () => {
    const place = { lat: 52.52, lon: 13.405 }; // Berlin
    const before = await server.api.createIncident(incidentAt(place, { category: 'traffic' }));
    const { context, page, errors } = await browser.newPage('sigkill');
    await openMap(page, server.url, '/#14/52.52/13.405');
    await expect.poll(() => listIds(page), poll).toEqual([before.id]);
    await expect.poll(() => liveStatus(page), poll).toBe('live');
    await markDocument(page);
    const eventsBefore = await eventsReceived(page);

    await server.stop('SIGKILL');
    await expect.poll(() => liveStatus(page), poll).toBe('reconnecting');
    expect(await indicatorText(page)).toMatch(RECONNECTING);
    await screenshot(page, 'reconnect', '5c-sigkill-reconnecting');

    // Keep the page from reconnecting until the incident below exists: socket.io retries on
    // its own schedule, which would otherwise race the write. The cut itself was the crash.
    await context.setOffline(true);
    await server.start();
    const whileDown = await server.api.createIncident(
      incidentAt({ lat: place.lat - 0.002, lon: place.lon + 0.005 }, { category: 'robbery' }),
    );
    expect(await liveStatus(page)).toBe('reconnecting');
    expect(await listIds(page)).toEqual([before.id]);
    await context.setOffline(false);

    // Back by itself, and the stream resumes where it stopped: the missed incident arrives.
    await expect.poll(() => liveStatus(page), reconnectPoll).toBe('live');
    await expect.poll(() => listIds(page), poll).toEqual(idsOf([before, whileDown]));
    await expect.poll(() => mapIds(page, 'rendered'), poll).toEqual(idsOf([before, whileDown]));
    // …and new ones keep arriving live.
    const after = await server.api.createIncident(
      incidentAt({ lat: place.lat + 0.003, lon: place.lon - 0.004 }, { category: 'theft' }),
    );
    await expect.poll(() => listIds(page), poll).toEqual(idsOf([before, whileDown, after]));
    await expect.poll(() => eventsReceived(page), poll).toBeGreaterThanOrEqual(eventsBefore + 2);
    expect(await indicatorText(page)).toBe(LIVE);
    expect(await sameDocument(page)).toBe(true);
    await screenshot(page, 'reconnect', '5d-sigkill-caught-up');
    expect(errors).toEqual([]);
  });
});
