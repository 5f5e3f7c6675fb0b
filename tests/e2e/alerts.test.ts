import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDistricts } from '../../server/districts/import-districts.js';
import type { Alert } from '../../shared/schemas/alert.js';
import { createUser, type TestUser } from '../support/accounts.js';
import {
  MAP_READY_MS,
  SETTLE_MS,
  axeAudit,
  formatAxe,
  screenshot,
  signInWithAccount,
  useBrowser,
} from '../support/browser.js';
import { startInProcessServer, type InProcessServer } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * Area alerts in the browser (issue 14): a resident signs in, sets up one alert by district and
 * one by drawing on the map, pauses and deletes them; a matching incident shows the in-app
 * notification; Web Push registration; axe and the phone's width.
 */
const browser = useBrowser('alerts');
const poll = { timeout: SETTLE_MS, interval: 200 };
/** A phone's width (the page is resized: its map and form are laid out again). */
const PHONE = { width: 375, height: 740 };
const SIZE = 0.02;
/** Two squares side by side over Vancouver. */
const DISTRICTS = ['Alder Flats', 'Birch Heights'].map((name, i) => ({
  name,
  west: -123.15 + i * SIZE,
  south: 49.25,
}));

let server: InProcessServer;
let resident: TestUser;

beforeAll(async () => {
  server = await startInProcessServer();
  await importDistricts(server.testApp.db.pool, districtsGeojson(), {
    nameProperty: 'name',
    source: 'e2e',
  });
  resident = await createUser(server.testApp.db.pool, { role: 'resident' });
}, 120_000);
afterAll(async () => {
  await server.close();
});

function districtsGeojson(): string {
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

async function expectAxeClean(page: Page, view: string): Promise<void> {
  const { violations } = await axeAudit(page);
  expect.soft(violations.map((f) => f.id).sort(), formatAxe(view, violations)).toEqual([]);
}

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = (
      globalThis as unknown as {
        document: { documentElement: { scrollWidth: number; clientWidth: number } };
      }
    ).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
}

/** The resident's alerts as the API has them, read in the page (their session). */
function savedAlerts(page: Page): Promise<Alert[]> {
  return page.evaluate(async () => {
    const response = await fetch('/api/v1/alerts', { headers: { accept: 'application/json' } });
    return ((await response.json()) as { alerts: Alert[] }).alerts;
  });
}

/** The alert form's map has loaded its style (MapShell publishes it then). */
async function waitForAlertMap(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (globalThis as unknown as { openbeatMap?: unknown }).openbeatMap !== undefined,
    undefined,
    { timeout: MAP_READY_MS },
  );
}

async function signedInAtAlerts(page: Page): Promise<void> {
  await page.goto(`${server.url}/alerts`, { waitUntil: 'domcontentloaded' });
  await page.getByRole('link', { name: 'Sign in to set up area alerts' }).waitFor();
  await signInWithAccount(page, resident);
  await page.waitForURL((url) => url.pathname === '/alerts');
  await page.getByRole('heading', { name: 'Your alerts' }).waitFor();
}

describe('area alerts in the browser', { timeout: 240_000 }, () => {
  it('a resident sets up alerts by district and by drawing, pauses and deletes them', async () => {
    const { page, errors } = await browser.newPage('resident');
    await signedInAtAlerts(page);
    // Reached from the account menu too.
    await page.getByRole('button', { name: /^Account menu:/ }).click();
    expect(await page.getByRole('link', { name: 'Area alerts' }).getAttribute('href')).toBe(
      '/alerts',
    );
    await page.getByRole('button', { name: /^Account menu:/ }).click();

    // One by district: the keyboard's way, no map needed.
    await page.getByRole('button', { name: 'Set up a new alert' }).click();
    let form = page.locator('[data-testid=alert-form]');
    await form.getByLabel('Name of the alert').fill('Near the school');
    await form.getByRole('radio', { name: 'Choose a district' }).check();
    await expect.poll(() => form.locator('option').count(), poll).toBe(3);
    await form.locator('[data-testid=alert-district]').selectOption('Birch Heights');
    await form.getByRole('checkbox', { name: 'Hold notifications during quiet hours' }).check();
    await form.getByLabel('From').fill('22:30');
    await form.getByLabel('Until').fill('06:45');
    await form.getByRole('button', { name: 'Create alert' }).click();
    const items = page.locator('[data-testid=alert-item]');
    await expect.poll(() => items.count(), poll).toBe(1);
    const first = await items.first().textContent();
    expect(first).toContain('Near the school');
    expect(first).toContain('District Birch Heights');
    // The page is in English ('en'): American clock times.
    expect(first).toMatch(/10:30\sPM to 06:45\sAM the next morning \(UTC\)/);

    // One by drawing: four clicks on the map, finish, a category.
    await page.getByRole('button', { name: 'Set up a new alert' }).click();
    form = page.locator('[data-testid=alert-form]');
    await form.getByLabel('Name of the alert').fill('My street');
    await waitForAlertMap(page);
    const canvas = form.locator('canvas.maplibregl-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the map has no box');
    const corners: [number, number][] = [
      [0.3, 0.3],
      [0.7, 0.3],
      [0.7, 0.7],
      [0.3, 0.7],
    ];
    const status = form.locator('[data-testid=alert-draw-status]');
    for (const [x, y] of corners) {
      await canvas.click({ position: { x: box.width * x, y: box.height * y } });
    }
    await expect.poll(() => status.textContent(), poll).toContain('4 corners.');
    await form.getByRole('button', { name: 'Undo last corner' }).click();
    await expect.poll(() => status.textContent(), poll).toContain('3 corners.');
    const [lastX, lastY] = corners[3] ?? [0, 0];
    await canvas.click({ position: { x: box.width * lastX, y: box.height * lastY } });
    await form.getByRole('button', { name: 'Finish area' }).click();
    await expect.poll(() => status.textContent(), poll).toContain('Area finished: 4 corners.');
    await form.getByRole('checkbox', { name: 'Theft', exact: true }).check();
    await canvas.scrollIntoViewIfNeeded();
    await screenshot(page, 'alerts', 'drawn-area');
    await expectAxeClean(page, 'alerts page, drawing an area');
    await form.getByRole('button', { name: 'Create alert' }).click();
    await expect.poll(() => items.count(), poll).toBe(2);

    const saved = await savedAlerts(page);
    const drawn = saved.find((alert) => alert.name === 'My street');
    if (drawn?.area.kind !== 'polygon') throw new Error('the drawn alert has no polygon');
    const ring = drawn.area.polygon.coordinates[0] ?? [];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    // Inside the districts the map was fitted to.
    for (const [lon, lat] of ring) {
      expect(lon).toBeGreaterThan(-123.16);
      expect(lon).toBeLessThan(-123.1);
      expect(lat).toBeGreaterThan(49.24);
      expect(lat).toBeLessThan(49.28);
    }
    expect(drawn.categories).toEqual(['theft']);
    const byDistrict = saved.find((alert) => alert.name === 'Near the school');
    expect(byDistrict?.area).toEqual({ kind: 'district', district: 'Birch Heights' });
    expect(byDistrict?.quietHours).toEqual({ start: '22:30', end: '06:45', timeZone: 'UTC' });

    // Pause and resume, then delete (after the confirmation).
    await page.getByRole('button', { name: 'Pause the alert My street' }).click();
    await page.getByRole('button', { name: 'Resume the alert My street' }).waitFor();
    expect((await savedAlerts(page)).find((a) => a.name === 'My street')?.paused).toBe(true);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete the alert Near the school' }).click();
    await expect.poll(() => items.count(), poll).toBe(1);
    expect((await savedAlerts(page)).map((a) => a.name)).toEqual(['My street']);
    await page.getByRole('button', { name: 'Resume the alert My street' }).click();
    await page.getByRole('button', { name: 'Pause the alert My street' }).waitFor();
    // Edited: the form opens with the alert as it is (its area a finished ring).
    await page.getByRole('button', { name: 'Edit the alert My street' }).click();
    const editing = page.locator('[data-testid=alert-form]').first();
    expect(await editing.getByLabel('Name of the alert').inputValue()).toBe('My street');
    expect(await editing.locator('[data-testid=alert-draw-status]').textContent()).toContain(
      'Area finished: 4 corners.',
    );
    await editing.getByLabel('Name of the alert').fill('My street and square');
    await editing.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('button', { name: 'Pause the alert My street and square' }).waitFor();
    const edited = (await savedAlerts(page)).find((a) => a.name === 'My street and square');
    expect(edited?.area).toEqual(drawn.area);
    expect(edited?.paused).toBe(false);
    await expectAxeClean(page, 'alerts page, the list');
    expect(errors).toEqual([]);
  });

  it('a matching incident shows a polite, dismissible notification; German; a phone', async () => {
    const { page, errors } = await browser.newPage('notified');
    await signedInAtAlerts(page);
    // The drawn alert of the test before watches theft around the districts' shared edge.
    const alerts = await savedAlerts(page);
    const watching = alerts.find((alert) => alert.name === 'My street and square');
    if (watching?.area.kind !== 'polygon') throw new Error('the drawn alert is missing');
    const ring = watching.area.polygon.coordinates[0] ?? [];
    const lon = ring.slice(0, -1).reduce((sum, [x]) => sum + x, 0) / (ring.length - 1);
    const lat = ring.slice(0, -1).reduce((sum, [, y]) => sum + y, 0) / (ring.length - 1);
    await page.getByRole('heading', { name: 'Recent notifications' }).waitFor();
    // The alert socket is connected before the incident is written.
    await page.locator('section[data-alert-stream=connected]').waitFor({ state: 'attached' });

    const created = await server.api.createIncident(
      incidentAt({ lon, lat }, { category: 'theft' }),
    );
    const toast = page.locator('[data-testid=alert-toast]');
    await toast.first().waitFor({ timeout: 30_000 });
    const text = (await toast.first().textContent()) ?? '';
    expect(text).toContain('My street and square');
    expect(text).toContain('new incident');
    expect(text).toContain('Theft');
    expect(text).toContain('Open');
    expect(await page.locator('section[aria-live=polite]').filter({ has: toast }).count()).toBe(1);
    const link = await toast
      .first()
      .getByRole('link', { name: 'Show on the map' })
      .getAttribute('href');
    expect(link).toMatch(new RegExp(`^/\\?incident=${created.id}#16/`));
    // Public data only: the summary (free text) is not in it.
    expect(text).not.toContain('Bicycle taken');
    // And in the page's list of recent notifications.
    const list = page.locator('[data-testid=alert-notifications]');
    await expect.poll(() => list.textContent(), poll).toContain('My street and square');
    await expectAxeClean(page, 'alerts page with a notification');
    await toast
      .first()
      .getByRole('button', { name: 'Dismiss the notification of My street and square' })
      .click();
    await expect.poll(() => toast.count(), poll).toBe(0);

    // In German, and at a phone's width: no sideways scroll, the new alert's form and map too.
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('heading', { name: 'Gebietsalarme', level: 1 }).waitFor();
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Neuen Alarm einrichten' }).click();
    await page.locator('[data-testid=alert-form] canvas').waitFor();
    await screenshot(page, 'alerts', 'phone-de');
    expect(await sidewaysOverflow(page), 'the page scrolls sideways').toBeLessThanOrEqual(0);
    await expectAxeClean(page, 'alerts page on a phone, in German');
    expect(errors).toEqual([]);
  });

  it('registers the service worker and subscribes to Web Push where the browser can', async () => {
    const { page, context, errors } = await browser.newPage('push');
    await context.grantPermissions(['notifications'], { origin: server.url });
    await signedInAtAlerts(page);
    const state = page.locator('[data-testid=push-state]');
    await expect.poll(() => state.textContent(), poll).toMatch(/Off|cannot/);
    const supported = !((await state.textContent()) ?? '').includes('cannot');
    expect(supported, 'push is supported on http://127.0.0.1 (a secure context)').toBe(true);
    await page.getByRole('switch', { name: 'Also notify me when the app is closed' }).check();
    await expect
      .poll(
        async () =>
          `${(await state.textContent()) ?? ''} ${
            (await page
              .locator('.push [role=alert]')
              .textContent()
              .catch(() => '')) ?? ''
          }`,
        poll,
      )
      .toMatch(/On for this browser|Could not change it/);
    const registered = await page.evaluate(async () => {
      interface Worker {
        scriptURL: string;
      }
      interface Registration {
        active: Worker | null;
        installing: Worker | null;
      }
      const container = (
        globalThis as unknown as {
          navigator: { serviceWorker: { getRegistration(scope: string): Promise<Registration> } };
        }
      ).navigator.serviceWorker;
      const registration = await container.getRegistration('/');
      return registration.active?.scriptURL ?? registration.installing?.scriptURL ?? null;
    });
    expect(registered).toBe(`${server.url}/alerts-sw.js`);
    const outcome = (await state.textContent()) ?? '';
    const failure = await page
      .locator('.push [role=alert]')
      .textContent()
      .catch(() => '');
    console.log(`e2e alerts: Web Push in headless Chromium: ${outcome.trim()} ${failure ?? ''}`);
    expect(errors).toEqual([]);
  });
});
