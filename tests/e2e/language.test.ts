import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, useBrowser } from '../support/browser.js';
import { serverForTest } from '../support/e2e-server.js';

/** The page's language: from the link's `lang`, else from the browser's languages. */
const browser = useBrowser('language');

const GERMAN_HEADING = 'Vorfälle im Kartenausschnitt';
const ENGLISH_HEADING = 'Incidents in view';

async function listHeading(page: Page): Promise<string> {
  const heading = page.locator('#list-heading');
  await heading.waitFor({ state: 'visible' });
  return (await heading.textContent())?.trim() ?? '';
}

describe('the language', { timeout: 90_000 }, () => {
  it('is German with ?lang=de, even in an English browser', async () => {
    const server = await serverForTest();
    const { page, errors } = await browser.newPage('lang-param', { locale: 'en-GB' });
    await page.goto(`${server.url}/?lang=de`);
    expect(await listHeading(page)).toBe(GERMAN_HEADING);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.title()).toBe('Openbeat Live-Karte');
    expect(await page.getByRole('link', { name: 'Anmelden', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('group', { name: 'Kategorien' }).isVisible()).toBe(true);
    await screenshot(page, 'language', '7a-lang-param-de');
    expect(errors).toEqual([]);
  });

  it("follows the browser's language without the parameter", async () => {
    const server = await serverForTest();
    const german = await browser.newPage('locale-de', { locale: 'de-DE' });
    await german.page.goto(`${server.url}/`);
    expect(await listHeading(german.page)).toBe(GERMAN_HEADING);
    expect(await german.page.locator('html').getAttribute('lang')).toBe('de');
    await screenshot(german.page, 'language', '7b-browser-locale-de');

    // The control: an English browser gets English.
    const english = await browser.newPage('locale-en', { locale: 'en-US' });
    await english.page.goto(`${server.url}/`);
    expect(await listHeading(english.page)).toBe(ENGLISH_HEADING);
    expect(await english.page.locator('html').getAttribute('lang')).toBe('en');
    expect(german.errors).toEqual([]);
    expect(english.errors).toEqual([]);
  });
});
