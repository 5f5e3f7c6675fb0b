import { access, mkdir, rmdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { clientRebuildReason } from '../../client/build/client-build-staleness.js';
import { REPO_ROOT } from './server-process.js';

/** What the server serves at `/` (server/client-app/client-app.routes.ts). */
export const CLIENT_DIST_DIR = path.join(REPO_ROOT, 'client/dist');
const INDEX_HTML = path.join(CLIENT_DIST_DIR, 'index.html');

/** One build at a time, across the test files' worker processes (and repeated runs). */
const LOCK_DIR = path.join(os.tmpdir(), 'openbeat-e2e-client-build.lock');
/** A lock older than this belongs to a run that died while building. */
const STALE_LOCK_MS = 5 * 60_000;
const BUILD_TIMEOUT_MS = 5 * 60_000;

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function takeLock(): Promise<boolean> {
  try {
    await mkdir(LOCK_DIR);
    return true;
  } catch {
    const since = await stat(LOCK_DIR).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (since > STALE_LOCK_MS) await rmdir(LOCK_DIR).catch(() => undefined);
    return false;
  }
}

/**
 * Builds the map client (`vite build --config client/vite.config.ts`) when client/dist has no
 * index.html, so that `npm test` works on a clean clone. An existing build is used as it is,
 * even when the sources are newer (other people may be serving it): see warnIfClientStale().
 */
export async function ensureClientBuilt(): Promise<void> {
  const started = Date.now();
  while (!(await exists(INDEX_HTML))) {
    if (Date.now() - started > BUILD_TIMEOUT_MS) {
      throw new Error(`client/dist/index.html did not appear within ${BUILD_TIMEOUT_MS} ms`);
    }
    if (await takeLock()) {
      try {
        if (!(await exists(INDEX_HTML))) {
          console.log('e2e: client/dist/index.html is missing; building the map client …');
          await build({
            configFile: path.join(REPO_ROOT, 'client/vite.config.ts'),
            logLevel: 'warn',
          });
        }
      } finally {
        await rmdir(LOCK_DIR).catch(() => undefined);
      }
    } else {
      // Another test file is building it.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Says so when client/dist is older than its sources: the tests then test the older build. */
export async function warnIfClientStale(): Promise<void> {
  const reason = await clientRebuildReason(REPO_ROOT).catch(() => null);
  if (reason !== null) {
    console.warn(
      `e2e: testing the existing client/dist although ${reason}; ` +
        'run `npm run build` to test the current sources',
    );
  }
}

/**
 * A fresh build of the client (all its pages) into `outDir`, apart from client/dist, which other
 * test files may be serving: for checks of what the current sources build to (JS budgets).
 */
export async function buildClientInto(outDir: string): Promise<void> {
  // Vitest sets NODE_ENV=test, which keeps libraries' development code (Svelte's dev checks,
  // socket.io's debug): the build must be the one `npm run build` makes.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(REPO_ROOT, 'client/vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
