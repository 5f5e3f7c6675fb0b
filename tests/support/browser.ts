import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, inject, onTestFinished } from 'vitest';
import { freshTotpCode } from './accounts.js';
import { ensureClientBuilt, warnIfClientStale } from './client-build.js';

/**
 * Chromium for the end-to-end tests: the system's, never a downloaded one. The flags keep it
 * quiet and sandbox-free in a container; WebGL falls back to SwiftShader without a GPU.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** A desktop context in English, unless a test asks for something else. */
export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  locale: 'en-GB',
  timezoneId: 'UTC',
};

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page so far. */
  errors: string[];
}

/**
 * One browser for the test file (launched in beforeAll, after the client build is checked);
 * newPage() gives each test a context of its own, closed when the test ends, with a screenshot
 * of the page if the test failed.
 */
export function useBrowser(prefix: string): {
  newPage(name: string, options?: BrowserContextOptions): Promise<TestPage>;
} {
  let browser: Browser | undefined;
  beforeAll(async () => {
    const [launched] = await Promise.all([launchBrowser(), ensureClientBuilt()]);
    browser = launched;
    // The first file of the run makes the folder, prints it and warns about a stale build.
    if ((await screenshotDir()).created) await warnIfClientStale();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage(name, options = {}) {
      if (!browser) throw new Error('the browser is not running');
      const context = await browser.newContext({ ...DESKTOP, ...options });
      context.setDefaultTimeout(SETTLE_MS);
      const opened: { page?: Page } = {};
      onTestFinished(async ({ task }) => {
        if (opened.page && task.result?.state === 'fail') {
          await screenshot(opened.page, prefix, `${name}-FAILED`);
        }
        await context.close();
      });
      const page = await context.newPage();
      opened.page = page;
      return { context, page, errors: collectPageErrors(page) };
    },
  };
}

/** Conditions are waited on with these bounds, generous for a loaded two-core machine. */
export const MAP_READY_MS = 45_000;
export const SETTLE_MS = 20_000;

// ---------------------------------------------------------------------------------------------
// Screenshots: one folder per run under the system's temporary folder, never in the repository.

let screenshotFolder: Promise<{ folder: string; created: boolean }> | undefined;

/** The run's folder, os.tmpdir()/openbeat-e2e-<timestamp>; printed by the file that makes it. */
export function screenshotDir(): Promise<{ folder: string; created: boolean }> {
  screenshotFolder ??= (async () => {
    // The run id (tests/support/global-setup.ts) starts with the run's start time in base 36,
    // so every test file of one run finds the same folder.
    const stamp = /^openbeat_test_([0-9a-z]+)_/.exec(inject('testRunId'))?.[1];
    const startedAt = stamp ? parseInt(stamp, 36) : Date.now();
    const readable = new Date(startedAt).toISOString().replace(/[-:.]/g, '');
    const folder = path.join(os.tmpdir(), `openbeat-e2e-${readable}`);
    try {
      await mkdir(folder);
      console.log(`e2e screenshots: ${folder}`);
      return { folder, created: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return { folder, created: false };
    }
  })();
  return screenshotFolder;
}

/** Saves a screenshot of the page as <folder>/<prefix>-<step>.png; never fails a test. */
export async function screenshot(page: Page, prefix: string, step: string): Promise<void> {
  const { folder } = await screenshotDir();
  const file = path.join(folder, `${prefix}-${step}.png`.replace(/[^\w.-]+/g, '_'));
  await page.screenshot({ path: file, timeout: 15_000 }).catch((error: unknown) => {
    console.warn(`e2e: screenshot ${file} failed: ${String(error)}`);
  });
}

// ---------------------------------------------------------------------------------------------
// What the page holds. Functions given to page.evaluate run in the page: they may use types,
// not imported values, and see the page's globals through these minimal shapes.

interface PageFeature {
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

interface PageGeoJsonSource {
  getClusterLeaves(clusterId: number, limit: number, offset: number): Promise<PageFeature[]>;
  getData(): Promise<{ features?: PageFeature[] }>;
}

interface PageMap {
  getSource(id: string): PageGeoJsonSource | undefined;
  querySourceFeatures(sourceId: string): PageFeature[];
  queryRenderedFeatures(options: { layers: string[] }): PageFeature[];
  getCenter(): { lng: number; lat: number };
  getZoom(): number;
  loaded(): boolean;
}

interface PageElement {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

interface PageGlobals {
  openbeatMap?: PageMap;
  document: { querySelectorAll(selector: string): ArrayLike<PageElement> };
}

/** An incident as the map holds it. */
export interface MapIncident {
  id: string;
  lon: number;
  lat: number;
  category: string;
  status: string;
  /** Found inside a cluster (expanded with getClusterLeaves). */
  clustered: boolean;
}

/** Waits until MapLibre has loaded the style (window.openbeatMap is set on 'load'). */
export async function waitForMap(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (globalThis as unknown as PageGlobals).openbeatMap !== undefined,
    undefined,
    { timeout: MAP_READY_MS },
  );
}

/** Opens `path` on the server and waits for the map. */
export async function openMap(page: Page, baseUrl: string, pathAndHash = '/'): Promise<void> {
  await page.goto(`${baseUrl}${pathAndHash}`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  await waitForMap(page);
}

/**
 * The incidents on the map: `rendered` = drawn in the viewport (the points and clusters
 * layers), `tiled` = in the source's loaded tiles, `source` = all the source's data (exact
 * coordinates as given to MapLibre). Clusters are expanded into their incidents.
 */
export async function mapIncidents(
  page: Page,
  scope: 'rendered' | 'tiled' | 'source',
): Promise<MapIncident[]> {
  return page.evaluate(async (which) => {
    const map = (globalThis as unknown as PageGlobals).openbeatMap;
    const source = map?.getSource('incidents');
    if (!map || !source) return [];
    const found = new Map<string, MapIncident>();
    const add = (feature: PageFeature, clustered: boolean) => {
      const id = feature.properties.incidentId;
      const [lon, lat] = feature.geometry.coordinates as [number, number];
      if (typeof id !== 'string') return;
      found.set(id, {
        id,
        lon,
        lat,
        category: String(feature.properties.category),
        status: String(feature.properties.status),
        clustered,
      });
    };
    let features: PageFeature[];
    if (which === 'source') features = (await source.getData()).features ?? [];
    else if (which === 'tiled') features = map.querySourceFeatures('incidents');
    else
      features = map.queryRenderedFeatures({ layers: ['incidents-points', 'incidents-clusters'] });
    for (const feature of features) {
      const clusterId = feature.properties.cluster_id;
      if (typeof clusterId === 'number' && typeof feature.properties.point_count === 'number') {
        const leaves = await source.getClusterLeaves(clusterId, Infinity, 0);
        for (const leaf of leaves) add(leaf, true);
      } else add(feature, false);
    }
    return [...found.values()];
  }, scope);
}

/** The ids of the incidents on the map, sorted. */
export async function mapIds(
  page: Page,
  scope: 'rendered' | 'tiled' | 'source',
): Promise<string[]> {
  return (await mapIncidents(page, scope)).map((incident) => incident.id).sort();
}

/** The ids of the incidents in the list ("Incidents in view"), sorted. */
export async function listIds(page: Page): Promise<string[]> {
  const ids = await page.evaluate(() =>
    Array.from(
      (globalThis as unknown as PageGlobals).document.querySelectorAll('button[data-incident]'),
      (button) => button.getAttribute('data-incident') ?? '',
    ),
  );
  return ids.sort();
}

export async function mapView(page: Page): Promise<{ lon: number; lat: number; zoom: number }> {
  return page.evaluate(() => {
    const map = (globalThis as unknown as PageGlobals).openbeatMap;
    if (!map) throw new Error('no map');
    const centre = map.getCenter();
    return { lon: centre.lng, lat: centre.lat, zoom: map.getZoom() };
  });
}

export async function liveStatus(page: Page): Promise<string | null> {
  return page.locator('[data-testid=live-indicator]').getAttribute('data-status');
}

/** The live indicator's "{count} events received" as a number (NaN when absent). */
export async function eventsReceived(page: Page): Promise<number> {
  const text = await page.locator('[data-testid=live-indicator]').textContent();
  const match = /(\d+)/.exec(text ?? '');
  return match?.[1] === undefined ? Number.NaN : Number(match[1]);
}

// ---------------------------------------------------------------------------------------------
// What the page received: for checking that nothing private reached it.

export interface Traffic {
  /** Every websocket frame the page received, as text. */
  frames: string[];
  /** The bodies of the page's API, socket.io (long-polling) and config responses. */
  bodies: { url: string; body: string }[];
  /** Waits for the bodies still being read. */
  settled(): Promise<void>;
}

const SCANNED_RESPONSES = /\/(?:api\/|socket\.io\/|client-config\.json)/;

/** Records what the page receives from now on; attach before the page navigates. */
export function recordTraffic(page: Page): Traffic {
  const frames: string[] = [];
  const bodies: { url: string; body: string }[] = [];
  const reading: Promise<void>[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      frames.push(typeof payload === 'string' ? payload : payload.toString('utf8'));
    });
  });
  page.on('response', (response) => {
    const url = response.url();
    if (!SCANNED_RESPONSES.test(url)) return;
    reading.push(
      response.text().then(
        (body) => {
          bodies.push({ url, body });
        },
        () => undefined, // a response the page abandoned (navigation, abort) has no body
      ),
    );
  });
  return {
    frames,
    bodies,
    async settled() {
      await Promise.all(reading);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The app's own flows.

/** A person's account as the e2e tests sign in with it (tests/support/accounts.ts createUser). */
export interface AccountLogin {
  email: string;
  password: string;
  /** The enrolled authenticator secret, for the code step of a privileged role. */
  totpSecret?: string;
}

/**
 * Signs in through the page as a person does: the header's "Sign in" link, e-mail and password,
 * then the authenticator's code when the account has one; resolves back on the page it left.
 */
export async function signInWithAccount(page: Page, user: AccountLogin): Promise<void> {
  await page.getByRole('link', { name: 'Sign in', exact: true }).click();
  const form = page.locator('[data-testid=sign-in-form]');
  await form.waitFor({ state: 'visible' });
  await form.getByLabel('E-mail address').fill(user.email);
  await form.getByLabel('Password').fill(user.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  if (user.totpSecret) {
    const codeForm = page.locator('[data-testid=code-form]');
    await codeForm.waitFor({ state: 'visible' });
    await codeForm.getByLabel('6-digit code').fill(await freshTotpCode(user.totpSecret));
    await codeForm.getByRole('button', { name: 'Confirm' }).click();
  }
  await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 15_000 });
}

/**
 * Signs a dispatcher (with a second factor) in from the live map, and waits for the map and the
 * exact-location view (on a phone, where the warning and the create form wait in closed sheets,
 * only for them to exist).
 */
export async function signInAsDispatcher(
  page: Page,
  user: AccountLogin,
  { formVisible = true }: { formVisible?: boolean } = {},
): Promise<void> {
  await signInWithAccount(page, user);
  await waitForMap(page);
  const state = formVisible ? 'visible' : 'attached';
  await page.locator('[data-testid=exact-warning]').waitFor({ state });
  await page.locator('[data-testid=create-form]').waitFor({ state });
}

/** Uncaught errors in the page: none is expected. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => {
    // The message and the first frames (of the minified bundle; client/dist has source maps).
    const frames = (error.stack ?? '').split('\n').filter((line) => line.trim().startsWith('at '));
    errors.push([`${error.name}: ${error.message}`, ...frames.slice(0, 4)].join('\n'));
  });
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Accessibility.

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

function seriousFindings(results: AxeResults['violations']): AxeFinding[] {
  return results
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map((part) => JSON.stringify(part)).join(' > '),
        html: node.html,
        summary: node.failureSummary ?? '',
      })),
    }));
}

/**
 * axe-core on the page as it is now: `violations` of impact serious or critical, and what axe
 * could not decide by itself (`incomplete`, e.g. contrast over the map canvas), of the same
 * impacts, for a person to review.
 */
export async function axeAudit(
  page: Page,
): Promise<{ violations: AxeFinding[]; incomplete: AxeFinding[] }> {
  const results = await new AxeBuilder({ page }).analyze();
  return {
    violations: seriousFindings(results.violations),
    incomplete: seriousFindings(results.incomplete),
  };
}

/** A readable report of axe findings, for an assertion message. */
export function formatAxe(view: string, findings: AxeFinding[]): string {
  if (findings.length === 0) return `${view}: no serious or critical axe violations`;
  const lines = [`${view}: ${findings.length} serious/critical axe violation(s)`];
  for (const finding of findings) {
    lines.push(`- ${finding.id} (${finding.impact}): ${finding.help}`);
    for (const node of finding.nodes) {
      lines.push(`    target ${node.target}`);
      lines.push(`    html   ${node.html}`);
      lines.push(`    ${node.summary.replace(/\n/g, '\n    ')}`);
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Geometry.

/** Great-circle distance in metres (spherical earth, the radius server/privacy uses). */
export function metresBetween(
  a: { lon: number; lat: number },
  b: { lon: number; lat: number },
): number {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
