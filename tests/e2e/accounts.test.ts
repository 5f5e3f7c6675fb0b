import type { Page } from 'playwright-core';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../server/accounts/admin-setup.service.js';
import { createUser, freshTotpCode, noteTotpStepUsed } from '../support/accounts.js';
import {
  SETTLE_MS,
  axeAudit,
  formatAxe,
  openMap,
  screenshot,
  signInWithAccount,
  useBrowser,
  waitForMap,
} from '../support/browser.js';
import { startInProcessServer, type InProcessServer } from '../support/e2e-server.js';

/**
 * People's accounts in the browser, against one real server: signing up and in, a dispatcher's
 * second factor (a wrong code refused, then the dispatcher's tools), enrolling an authenticator
 * app on a phone, and the admin's keys and roles page; axe on each new page.
 */
const browser = useBrowser('accounts');
const VIEW = '/#14/49.28/-123.12';
const poll = { timeout: SETTLE_MS, interval: 100 };
const PHONE = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };

let server: InProcessServer;
beforeAll(async () => {
  server = await startInProcessServer();
}, 120_000);
afterAll(async () => {
  await server.close();
});

async function expectAxeClean(page: Page, view: string): Promise<void> {
  const { violations } = await axeAudit(page);
  expect.soft(violations.map((f) => f.id).sort(), formatAxe(view, violations)).toEqual([]);
}

async function noSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const root = (
      globalThis as unknown as {
        document: { documentElement: { scrollWidth: number; clientWidth: number } };
      }
    ).document.documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  expect(widths.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(widths.client);
}

/** The header's account menu, opened. */
async function openAccountMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: `Account menu: ${name}` }).click();
}

describe('accounts in the browser', { timeout: 180_000 }, () => {
  it('the first admin comes from the one-time setup link, and is sent to enrol', async () => {
    const token = await issueSetupToken(server.testApp.db.pool);
    if (!token) throw new Error('an admin exists already');
    const { page, errors } = await browser.newPage('setup');
    await page.goto(`${server.url}/setup?token=${token}`, { waitUntil: 'domcontentloaded' });
    const form = page.locator('[data-testid=setup-form]');
    await form.waitFor({ state: 'visible' });
    await expectAxeClean(page, 'setup page');
    await form.getByLabel('E-mail address').fill('first-admin@example.org');
    await form.getByLabel('Password').fill('the very first admin');
    await form.getByRole('button', { name: 'Create admin account' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin');
    await page.locator('[data-testid=totp-enrolment]').waitFor();
    expect(await page.locator('[data-testid=second-factor-state]').textContent()).toBe(
      'Needed, not set up yet',
    );
    // The link works once.
    const again = await browser.newPage('setup-again');
    await again.page.goto(`${server.url}/setup?token=${token}`, { waitUntil: 'domcontentloaded' });
    const second = again.page.locator('[data-testid=setup-form]');
    await second.getByLabel('E-mail address').fill('second-admin@example.org');
    await second.getByLabel('Password').fill('the very second admin');
    await second.getByRole('button', { name: 'Create admin account' }).click();
    await expect
      .poll(() => second.getByRole('alert').textContent(), poll)
      .toContain('not valid any more');
    expect(errors).toEqual([]);
  });

  it('a resident signs up, signs out and signs in again', async () => {
    const { page, errors } = await browser.newPage('resident');
    await page.goto(`${server.url}/sign-up`, { waitUntil: 'domcontentloaded' });
    const form = page.locator('[data-testid=sign-up-form]');
    await form.waitFor({ state: 'visible' });
    await expectAxeClean(page, 'sign-up page');
    await screenshot(page, 'accounts', '1a-sign-up');
    const email = `resident-${Date.now()}@example.org`;
    const password = 'three unrelated words';
    await form.getByLabel('E-mail address').fill(email);
    await form.getByLabel('Name shown').fill('Robin');
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await waitForMap(page);

    // Signed in: the name in the header, its menu with the person's pages.
    await openAccountMenu(page, 'Robin');
    const menu = page.locator('#account-menu');
    expect(await menu.getByRole('link').allTextContents()).toEqual([
      'My reports',
      'Area alerts',
      'Account',
    ]);
    await menu.getByRole('link', { name: 'Account' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await expect.poll(() => page.locator('main dl').textContent(), poll).toContain('Resident');
    await expectAxeClean(page, 'account page (resident)');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('link', { name: 'Sign in', exact: true }).waitFor();

    // A wrong password is refused; the right one signs in.
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    const signIn = page.locator('[data-testid=sign-in-form]');
    await signIn.waitFor();
    await expectAxeClean(page, 'sign-in page');
    await signIn.getByLabel('E-mail address').fill(email);
    await signIn.getByLabel('Password').fill('not the password');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), poll).toContain('is not right');
    await screenshot(page, 'accounts', '1b-wrong-password');
    await signIn.getByLabel('Password').fill(password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('button', { name: 'Account menu: Robin' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('a dispatcher passes the second factor (a wrong code refused) and gets the tools', async () => {
    const dispatcher = await createUser(server.testApp.db.pool, { role: 'dispatcher', totp: true });
    const secret = dispatcher.totpSecret ?? '';
    const { page, errors } = await browser.newPage('dispatcher');
    await openMap(page, server.url, VIEW);
    expect(await page.locator('[data-testid=create-form]').count()).toBe(0);

    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    const signIn = page.locator('[data-testid=sign-in-form]');
    await signIn.getByLabel('E-mail address').fill(dispatcher.email);
    await signIn.getByLabel('Password').fill(dispatcher.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    const codeForm = page.locator('[data-testid=code-form]');
    await codeForm.waitFor({ state: 'visible' });
    const codeInput = codeForm.getByLabel('6-digit code');
    expect(await codeInput.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    await expectAxeClean(page, 'sign-in page, code step');

    // A code one digit off the right one.
    const right = await generate({ secret });
    const wrong = `${right.slice(0, 5)}${(Number(right[5]) + 1) % 10}`;
    await codeInput.fill(wrong);
    await codeForm.getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => codeForm.getByRole('alert').textContent(), poll)
      .toContain('That code is not right');
    await screenshot(page, 'accounts', '2a-wrong-code');
    // Until the code is given, the role does not apply: no exact places, no tools.
    const session = (await page.evaluate(() => fetch('/api/v1/session').then((r) => r.json()))) as {
      role: string;
      secondFactor: string;
    };
    expect(session).toMatchObject({ role: 'resident', secondFactor: 'required' });

    await codeInput.fill(await freshTotpCode(secret));
    await codeForm.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await waitForMap(page);
    await page.locator('[data-testid=exact-warning]').waitFor({ state: 'visible' });
    await page.locator('[data-testid=create-form]').waitFor({ state: 'visible' });
    await screenshot(page, 'accounts', '2b-dispatcher-tools');
    expect(errors).toEqual([]);
  });

  it('on a phone, a moderator without an authenticator app enrols one from the QR page', async () => {
    const moderator = await createUser(server.testApp.db.pool, { role: 'moderator' });
    const { page, errors } = await browser.newPage('enrol', PHONE);
    await page.goto(`${server.url}/sign-in?next=%2F`, { waitUntil: 'domcontentloaded' });
    await expectAxeClean(page, 'sign-in page on a phone');
    await noSidewaysScroll(page);
    await signInWithAccount(page, { email: moderator.email, password: moderator.password });
    // Sent to the account page to enrol, with the way back.
    expect(new URL(page.url()).pathname).toBe('/account');
    const enrolment = page.locator('[data-testid=totp-enrolment]');
    await enrolment.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await enrolment.getByRole('img', { name: 'QR code of the authenticator secret' }).waitFor();
    const secret = ((await enrolment.locator('[data-testid=totp-secret]').textContent()) ?? '')
      .replace(/\s/g, '')
      .trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await enrolment.getByText('Show the setup link as text').click();
    expect(await enrolment.locator('[data-testid=totp-uri]').textContent()).toMatch(
      /^otpauth:\/\/totp\//,
    );
    await screenshot(page, 'accounts', '3a-phone-enrolment');
    await expectAxeClean(page, 'account page with the QR code, on a phone');
    await noSidewaysScroll(page);

    await enrolment.getByLabel('6-digit code').fill(await freshTotpCode(secret));
    await enrolment.getByRole('button', { name: 'Finish setup' }).click();
    await expect
      .poll(() => page.locator('[data-testid=second-factor-state]').textContent(), poll)
      .toBe('Entered in this session');
    noteTotpStepUsed(secret);
    expect(errors).toEqual([]);
  });

  it("the admin's page lists people, changes a role, creates a key (shown once) and revokes it", async () => {
    const pool = server.testApp.db.pool;
    const admin = await createUser(pool, { role: 'admin', totp: true });
    const resident = await createUser(pool, { role: 'resident' });
    const { page, context, errors } = await browser.newPage('admin');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.goto(`${server.url}/admin`, { waitUntil: 'domcontentloaded' });
    await signInWithAccount(page, {
      email: admin.email,
      password: admin.password,
      ...(admin.totpSecret && { totpSecret: admin.totpSecret }),
    });
    expect(new URL(page.url()).pathname).toBe('/admin');
    const users = page.locator('[data-testid=users-panel]');
    const residentRow = users.locator(`li[data-user="${resident.email}"]`);
    await residentRow.waitFor();
    await expectAxeClean(page, 'admin page');
    await screenshot(page, 'accounts', '4a-admin');

    // A role changed.
    await residentRow.getByRole('combobox').selectOption('moderator');
    await expect.poll(() => users.getByRole('status').textContent(), poll).toContain('Moderator');
    expect(await residentRow.getByRole('combobox').inputValue()).toBe('moderator');

    // A key: created, shown once, working; then revoked and refused.
    const keys = page.locator('[data-testid=keys-panel]');
    await keys.getByLabel('Name (what uses it)').fill('cad-feed');
    await keys.getByLabel('Role').selectOption('dispatcher');
    await keys.getByRole('button', { name: 'Create key' }).click();
    const created = keys.locator('[data-testid=created-key]');
    await created.waitFor();
    const key = ((await created.locator('code').textContent()) ?? '').trim();
    expect(key.length).toBeGreaterThan(20);
    await created.getByRole('button', { name: 'Copy' }).click();
    const clipboard = () =>
      page.evaluate(() =>
        (
          globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
        ).navigator.clipboard.readText(),
      );
    await expect.poll(clipboard, poll).toBe(key);
    const asKey = () =>
      fetch(`${server.url}/api/v1/session`, { headers: { authorization: `Bearer ${key}` } });
    expect((await asKey()).status).toBe(200);
    await keys.locator('li[data-key="cad-feed"]').waitFor();
    await screenshot(page, 'accounts', '4b-key-created');

    page.once('dialog', (dialog) => void dialog.accept());
    await keys.getByRole('button', { name: 'Revoke the key cad-feed' }).click();
    await expect
      .poll(() => keys.getByRole('status').last().textContent(), poll)
      .toContain('is revoked');
    await expect.poll(async () => (await asKey()).status, poll).toBe(401);
    expect(await keys.getByRole('button', { name: 'Revoke the key cad-feed' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
