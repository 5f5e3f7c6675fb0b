/**
 * One first visit of a page in headless Chromium (a new context: empty cache), as
 * bench/page.bench.ts makes them: the bytes on the wire of every response (headers and
 * compressed body, as Chromium received them; websocket frames as data) by type, until the
 * network has been quiet for a second, and the time from navigation to the page's own "ready"
 * (a function evaluated in the page). A page that never gets ready is reported, not fatal.
 */
import { chromium, type Browser, type Request } from 'playwright-core';
import { onCleanup } from './cleanup.js';

export const KINDS = ['script', 'style', 'basemap', 'data', 'page'] as const;
export type Kind = (typeof KINDS)[number];

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
const QUIET_MS = 1_000;
const QUIET_LIMIT_MS = 60_000;

export interface Visit {
  bytes: Record<Kind, number>;
  requests: number;
  /** ms from navigation to ready; null when it never got ready within the timeout. */
  readyMs: number | null;
  /** Requests to other hosts (none expected). */
  elsewhere: string[];
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  onCleanup('close the browser', () => browser.close());
  return browser;
}

function kindOf(request: Request): Kind {
  const { pathname } = new URL(request.url());
  if (/\.m?js$/.test(pathname)) return 'script';
  if (pathname.endsWith('.css')) return 'style';
  if (pathname.startsWith('/basemap/') || pathname.startsWith('/fonts/')) return 'basemap';
  if (/^\/(?:api|socket\.io|tiles)\/|^\/client-config\.json$/.test(pathname)) return 'data';
  return 'page';
}

/**
 * What "ready" is, checked in the page every 50 ms: `incidents` — the map (`globalThis.openbeatMap`,
 * as the app and the map embed expose it) has drawn a layer whose id starts with `incidents`;
 * `stats` — the stats panel's root `#embed` has `data-state="ready"` (its figures are drawn).
 */
export type ReadyCheck = 'incidents' | 'stats';

function incidentsDrawn(): number | false {
  type Rendered = { layer: { id: string } };
  const map = (globalThis as unknown as { openbeatMap?: { queryRenderedFeatures(): Rendered[] } })
    .openbeatMap;
  if (!map) return false;
  return map.queryRenderedFeatures().some((f) => f.layer.id.startsWith('incidents'))
    ? performance.now()
    : false;
}

function statsReady(): number | false {
  // Runs in the page: its document, which this file's (Node) types do not know.
  const page = globalThis as unknown as {
    document: {
      querySelector(selector: string): { getAttribute(name: string): string | null } | null;
    };
  };
  const root = page.document.querySelector('#embed');
  return root?.getAttribute('data-state') === 'ready' ? performance.now() : false;
}

export async function visit(
  browser: Browser,
  url: string,
  ready: ReadyCheck,
  options: { viewport: { width: number; height: number }; timeoutMs: number },
): Promise<Visit> {
  const context = await browser.newContext({ viewport: options.viewport, locale: 'en-GB' });
  try {
    const page = await context.newPage();
    const own = new URL(url).origin;
    const bytes = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<Kind, number>;
    const elsewhere: string[] = [];
    const pending = new Set<Request>();
    const counting: Promise<void>[] = [];
    let requests = 0;
    let lastActivity = Date.now();
    page.on('request', (request) => {
      requests += 1;
      lastActivity = Date.now();
      if (/^https?:/.test(request.url()) && new URL(request.url()).origin !== own) {
        elsewhere.push(request.url());
      }
      pending.add(request);
    });
    page.on('requestfinished', (request) => {
      lastActivity = Date.now();
      counting.push(
        request.sizes().then((sizes) => {
          bytes[kindOf(request)] += sizes.responseBodySize + sizes.responseHeadersSize;
          pending.delete(request);
        }),
      );
    });
    page.on('requestfailed', (request) => pending.delete(request));
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        bytes.data += typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
      });
    });

    await page.goto(url, { waitUntil: 'commit' });
    let readyMs: number | null = null;
    try {
      const handle = await page.waitForFunction(
        ready === 'incidents' ? incidentsDrawn : statsReady,
        undefined,
        { polling: 50, timeout: options.timeoutMs },
      );
      readyMs = Number(await handle.jsonValue());
    } catch {
      readyMs = null;
    }
    const started = Date.now();
    while (pending.size > 0 || Date.now() - lastActivity < QUIET_MS) {
      if (Date.now() - started > QUIET_LIMIT_MS) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(counting);
    return { bytes, requests, readyMs, elsewhere };
  } finally {
    await context.close();
  }
}

export function totalBytes(bytes: Record<Kind, number>): number {
  return KINDS.reduce((total, kind) => total + bytes[kind], 0);
}
