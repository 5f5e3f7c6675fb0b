import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { IncidentFeature } from '../../shared/schemas/incident.js';
import { createUser } from '../support/accounts.js';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  listIds,
  liveStatus,
  openMap,
  screenshot,
  signInAsDispatcher,
  useBrowser,
} from '../support/browser.js';
import { serverForTest, type InProcessServer } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * Accessibility of the real page: axe-core on each view (no serious or critical violation), and
 * on a phone, touch targets of at least 44 px and a list that can be reached.
 */
const browser = useBrowser('a11y');

const VIEW = '/#14/49.28/-123.12';
const poll = { timeout: SETTLE_MS, interval: 100 };
/** WCAG 2.5.5 (AAA) and Apple's and Google's guidance: 44 CSS pixels. */
const MIN_TARGET_PX = 44;

async function withIncidents(server: InProcessServer): Promise<IncidentFeature[]> {
  const created = [
    await server.api.createIncident(
      incidentAt({ lat: 49.2805, lon: -123.1195 }, { category: 'robbery' }),
    ),
    await server.api.createIncident(
      incidentAt({ lat: 49.2835, lon: -123.1125 }, { category: 'theft', priority: 1 }),
    ),
    await server.api.createIncident(
      incidentAt({ lat: 49.2775, lon: -123.1255 }, { category: 'traffic' }),
    ),
  ];
  return created;
}

async function showsAll(page: Page, incidents: IncidentFeature[]): Promise<void> {
  const ids = incidents.map((incident) => incident.id).sort();
  await expect.poll(() => listIds(page), poll).toEqual(ids);
  await expect.poll(() => liveStatus(page), poll).toBe('live');
}

describe('accessibility', { timeout: 120_000 }, () => {
  it('axe finds no serious or critical violation: map, detail panel, dispatcher view', async () => {
    const server = await serverForTest();
    const incidents = await withIncidents(server);
    const reports: string[] = [];
    const check = async (page: Page, view: string) => {
      const { violations, incomplete } = await axeAudit(page);
      const report = formatAxe(view, violations);
      const undecided = incomplete.map((f) => `${f.id} on ${f.nodes.length} node(s)`).join(', ');
      reports.push(
        report,
        `${view}: axe could not decide (review by hand): ${undecided || 'nothing'}`,
      );
      expect.soft(violations.map((f) => f.id).sort(), report).toEqual([]);
    };

    const visitor = await browser.newPage('axe-public');
    await openMap(visitor.page, server.url, VIEW);
    await showsAll(visitor.page, incidents);
    await screenshot(visitor.page, 'a11y', '6a-map-view');
    await check(visitor.page, 'map view (public)');

    const first = incidents[0];
    if (!first) throw new Error('no incident');
    await visitor.page.locator(`button[data-incident="${first.id}"]`).click();
    await visitor.page.locator('[data-testid=incident-panel]').waitFor({ state: 'visible' });
    await screenshot(visitor.page, 'a11y', '6b-detail-panel');
    await check(visitor.page, 'map view with the detail panel open (public)');

    const dispatcher = await browser.newPage('axe-dispatcher');
    await openMap(dispatcher.page, server.url, VIEW);
    await showsAll(dispatcher.page, incidents);
    const account = await createUser(server.testApp.db.pool, { role: 'dispatcher', totp: true });
    await signInAsDispatcher(dispatcher.page, account);
    await screenshot(dispatcher.page, 'a11y', '6c-dispatcher-view');
    await check(dispatcher.page, 'dispatcher view (signed in, create form)');

    await dispatcher.page.locator(`button[data-incident="${first.id}"]`).click();
    await dispatcher.page
      .locator('[data-testid=incident-panel]')
      .getByRole('button', { name: 'Save changes' })
      .waitFor({ state: 'visible' });
    await screenshot(dispatcher.page, 'a11y', '6d-dispatcher-update-form');
    await check(dispatcher.page, 'dispatcher view with the update form open');

    console.log(reports.join('\n'));
    expect(visitor.errors).toEqual([]);
  });

  it('on a phone: the list can be reached and touch targets are at least 44 px high', async () => {
    const server = await serverForTest();
    const incidents = await withIncidents(server);
    const { page, errors } = await browser.newPage('phone', {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await openMap(page, server.url, VIEW);
    await showsAll(page, incidents);
    await screenshot(page, 'a11y', '8a-phone-top');

    const tooSmall: string[] = [];
    const measure = async (what: string, locator: Locator) => {
      const count = await locator.count();
      expect(count, `${what}: none found`).toBeGreaterThan(0);
      for (let index = 0; index < count; index++) {
        const target = locator.nth(index);
        await target.scrollIntoViewIfNeeded();
        const box = await target.boundingBox();
        const label = `${what} #${index + 1} "${((await target.textContent()) ?? '').trim().slice(0, 40)}"`;
        if (!box) tooSmall.push(`${label}: not rendered`);
        else if (box.height < MIN_TARGET_PX) {
          tooSmall.push(`${label}: ${box.width.toFixed(1)}×${box.height.toFixed(1)} px`);
        }
      }
    };

    // The header's menu, then the sheets under the map: each opened from its button.
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.tap();
    await measure('sign-in link', page.getByRole('link', { name: 'Sign in', exact: true }));
    await measure('language select', page.getByRole('combobox', { name: 'Language' }));
    await menu.tap();
    const tools = page.getByRole('group', { name: 'Map tools' });
    await tools.getByRole('button', { name: 'Filters' }).tap();
    await measure(
      'category label',
      page.getByRole('group', { name: 'Categories' }).locator('label:has(input[name=category])'),
    );
    await measure('layer label', page.locator('label:has(input[name=layer])'));
    await measure('time window select', page.getByRole('combobox', { name: 'Time window' }));
    await measure('playback button', page.getByRole('button', { name: 'Play the window' }));
    await tools.getByRole('button', { name: 'List' }).tap();
    await measure('list item', page.locator('button[data-incident]'));
    expect(tooSmall, `targets lower than ${MIN_TARGET_PX} px:\n${tooSmall.join('\n')}`).toEqual([]);

    // Nothing is wider than the phone: no sideways scrolling.
    const widths = await page.evaluate(() => {
      const root = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return { scroll: root.scrollWidth, client: root.clientWidth };
    });
    expect(widths.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(widths.client);

    // The list: scrolled to, its items visible in the viewport and opened by a tap.
    const list = page.getByRole('region', { name: 'Incidents in view' });
    await list.scrollIntoViewIfNeeded();
    const first = page.locator('button[data-incident]').first();
    await first.scrollIntoViewIfNeeded();
    const box = await first.boundingBox();
    expect(box).not.toBeNull();
    if (box) {
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(844);
      expect(box.width).toBeGreaterThan(300); // the full width of the phone, an easy target
    }
    await screenshot(page, 'a11y', '8b-phone-list');
    await first.tap();
    const panel = page.locator('[data-testid=incident-panel]');
    await panel.waitFor({ state: 'visible' });
    const close = panel.getByRole('button', { name: 'Close' });
    const closeBox = await close.boundingBox();
    expect(closeBox?.height ?? 0).toBeGreaterThanOrEqual(MIN_TARGET_PX);
    const panelBox = await panel.boundingBox();
    expect(panelBox && panelBox.y + panelBox.height).toBeLessThanOrEqual(844);
    await screenshot(page, 'a11y', '8c-phone-detail-sheet');
    await close.tap();
    await panel.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });
});
