import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../support/accounts.js';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  listIds,
  liveStatus,
  openMap,
  recordTraffic,
  screenshot,
  signInAsDispatcher,
  useBrowser,
  waitForMap,
} from '../support/browser.js';
import { serverForTest } from '../support/e2e-server.js';
import { incidentAt } from '../support/incident-factory.js';

/**
 * Police responses in the browser (issue 13, part 6): a dispatcher records dispatched and on
 * scene from the incident panel and reads the timeline; a public page, open all along, sees the
 * response on its map change live; a resident opens the panel on a phone, with the timeline
 * and the feedback form, and axe finds nothing serious. (Rating it, and the accountability view,
 * are the resident journey's test: accountability-journey.)
 */
const browser = useBrowser('responses-panel');
const poll = { timeout: SETTLE_MS, interval: 100 };

const PLACE = { lat: 49.2801, lon: -123.1201 };
const VIEW = `/#15/${PLACE.lat}/${PLACE.lon}`;
/** Dispatch's only: never in anything the public receives. */
const UNIT = 'Unit-7Q31';

interface DrawnResponse {
  incidentId: string;
  state: string;
  band: string;
}

/** The responses layer's features as MapLibre holds them. */
async function mapResponses(page: Page): Promise<DrawnResponse[]> {
  return page.evaluate(async () => {
    const map = (
      globalThis as unknown as {
        openbeatMap?: {
          getSource(
            id: string,
          ):
            | { getData(): Promise<{ features?: { properties: Record<string, unknown> }[] }> }
            | undefined;
        };
      }
    ).openbeatMap;
    const data = await map?.getSource('responses')?.getData();
    return (data?.features ?? []).map((feature) => ({
      incidentId: String(feature.properties.incidentId),
      state: String(feature.properties.state),
      band: String(feature.properties.band),
    }));
  });
}

async function recordStep(page: Page, step: string, unit?: string): Promise<void> {
  const form = page.locator('[data-testid=response-step-form]');
  await form.locator('select[name=step]').selectOption(step);
  if (unit) await form.locator('input[name=unit]').fill(unit);
  await form.getByRole('button', { name: 'Record the step' }).click();
}

const timelineSteps = (page: Page) =>
  page
    .locator('[data-testid=response-timeline] > li')
    .evaluateAll((items: { getAttribute(name: string): string | null }[]) =>
      items.map((item) => item.getAttribute('data-step')),
    );

describe('police responses in the incident panel and on the map', { timeout: 240_000 }, () => {
  it('a dispatcher records a response; the public map follows live; the panel is axe clean', async () => {
    const server = await serverForTest();
    const incident = await server.api.createIncident(incidentAt(PLACE, { category: 'theft' }));
    const other = await server.api.createIncident(
      incidentAt({ lat: 49.2812, lon: -123.1175 }, { category: 'theft' }),
    );

    // The public page, responses layer on by default, open all along.
    const visitor = await browser.newPage('public');
    const publicTraffic = recordTraffic(visitor.page);
    await openMap(visitor.page, server.url, VIEW);
    await expect.poll(() => listIds(visitor.page), poll).toEqual([incident.id, other.id].sort());
    await expect.poll(() => liveStatus(visitor.page), poll).toBe('live');
    expect(await mapResponses(visitor.page)).toEqual([]);
    await visitor.page.evaluate(() => {
      (globalThis as unknown as { stillThisPage?: boolean }).stillThisPage = true;
    });
    expect(await visitor.page.getByTestId('legend-responses').isVisible()).toBe(true);

    // The dispatcher: signed in with the second factor, the incident's panel open.
    const dispatcher = await browser.newPage('dispatcher');
    const page = dispatcher.page;
    await openMap(page, server.url, VIEW);
    const account = await createUser(server.testApp.db.pool, { role: 'dispatcher', totp: true });
    await signInAsDispatcher(page, account);
    await expect.poll(() => listIds(page), poll).toContain(incident.id);
    await page.locator(`button[data-incident="${incident.id}"]`).click();
    const section = page.locator('[data-testid=response-section]');
    await section.getByText('No response recorded yet.').waitFor();

    await recordStep(page, 'dispatched', UNIT);
    await expect.poll(() => timelineSteps(page), poll).toContain('dispatched');
    // The public map: the response appears, dispatched, no time to scene yet.
    await expect
      .poll(
        async () => (await mapResponses(visitor.page)).map((r) => [r.incidentId, r.state]),
        poll,
      )
      .toEqual([[incident.id, 'dispatched']]);
    expect((await mapResponses(visitor.page))[0]?.band).toBe('not_yet');

    await recordStep(page, 'on_scene');
    await expect
      .poll(() => timelineSteps(page), poll)
      .toEqual(expect.arrayContaining(['dispatched', 'on_scene']));
    expect(await page.locator('[data-testid=response-state]').getAttribute('data-state')).toBe(
      'on_scene',
    );
    // Dispatch sees the unit (the form keeps it for the unit's next step).
    expect(await section.locator('li[data-step=dispatched]').textContent()).toContain(
      `Unit ${UNIT}`,
    );
    await screenshot(page, 'responses-panel', '1-dispatcher-timeline');

    // A step the timeline cannot take: the server's refusal, word for word, as an alert.
    await recordStep(page, 'dispatched');
    const refusal = section.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^Not recorded: \S/);
    expect(await timelineSteps(page)).toEqual(expect.arrayContaining(['dispatched', 'on_scene']));

    // The public map followed, without a reload: on scene, with a time-to-scene band.
    await expect
      .poll(async () => (await mapResponses(visitor.page))[0]?.state, poll)
      .toBe('on_scene');
    expect((await mapResponses(visitor.page))[0]?.band).toMatch(/^(le5|le10|le20|over20)$/);
    expect(
      await visitor.page.evaluate(
        () => (globalThis as unknown as { stillThisPage?: boolean }).stillThisPage,
      ),
    ).toBe(true);
    await screenshot(visitor.page, 'responses-panel', '2-public-map');

    // A resident on a phone opens the incident's link: the panel is a sheet with the timeline
    // and the feedback form (feedback about the response, never an officer).
    const resident = await browser.newPage('resident', { viewport: { width: 390, height: 844 } });
    const residentTraffic = recordTraffic(resident.page);
    const person = await createUser(server.testApp.db.pool, { role: 'resident' });
    await openMap(resident.page, server.url, `/?incident=${incident.id}${VIEW.slice(1)}`);
    // Anonymous, the panel offers a sign-in link instead of the form; it comes back here.
    await resident.page.getByRole('link', { name: 'Sign in to rate this response' }).click();
    const signIn = resident.page.locator('[data-testid=sign-in-form]');
    await signIn.getByLabel('E-mail address').fill(person.email);
    await signIn.getByLabel('Password').fill(person.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await resident.page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 15_000 });
    await waitForMap(resident.page);
    const timeline = resident.page.locator('[data-testid=response-timeline]');
    await timeline.waitFor();
    expect(await timelineSteps(resident.page)).toEqual(
      expect.arrayContaining(['dispatched', 'on_scene']),
    );
    const form = resident.page.locator('[data-testid=feedback-form]');
    await form.waitFor();
    expect(await form.textContent()).toContain('never about a named officer');
    const stars = form.getByRole('radio');
    expect(await stars.count()).toBe(5);
    await form.getByLabel('4 stars').check();
    await form.getByLabel('Comment (optional)').fill('They came quickly.');
    await form.scrollIntoViewIfNeeded();
    await screenshot(resident.page, 'responses-panel', '3-resident-phone-feedback-form');
    const { violations } = await axeAudit(resident.page);
    expect(
      violations.map((finding) => finding.id),
      formatAxe('incident panel with timeline and feedback form (phone)', violations),
    ).toEqual([]);

    // What the public and the resident received never carries the unit's call sign.
    await publicTraffic.settled();
    await residentTraffic.settled();
    for (const traffic of [publicTraffic, residentTraffic]) {
      const received = [...traffic.frames, ...traffic.bodies.map((b) => b.body)].join('\n');
      expect(received).toContain(incident.id);
      expect(received).not.toContain(UNIT);
    }
    expect(visitor.errors).toEqual([]);
    expect(dispatcher.errors).toEqual([]);
    expect(resident.errors).toEqual([]);
  });
});
