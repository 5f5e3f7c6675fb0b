import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildClientInto } from '../support/client-build.js';
import { pageJavaScript } from '../support/page-javascript.js';

/**
 * Issue 14: the stats embed's own JavaScript is at most 60 kB gzip, and it loads nothing of
 * MapLibre. Measured on a fresh build of the current sources, printed for the record.
 */
const BUDGET_BYTES = 60 * 1024;

describe('the stats embed’s JavaScript budget', { timeout: 300_000 }, () => {
  let outDir: string | undefined;
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('is at most 60 kB gzip and holds no MapLibre', async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'openbeat-embed-stats-build-'));
    await buildClientInto(outDir);
    const scripts = await pageJavaScript(outDir, 'embed-stats.html');
    const total = scripts.reduce((sum, script) => sum + script.gzipBytes, 0);
    console.log(
      [
        `embed-stats JavaScript: ${(total / 1024).toFixed(1)} kB gzip in ${scripts.length} files (budget ${BUDGET_BYTES / 1024} kB)`,
        ...scripts.map((s) => `  ${s.file}: ${(s.gzipBytes / 1024).toFixed(1)} kB gzip`),
      ].join('\n'),
    );
    expect(scripts.some((script) => /embed-stats-[\w-]+\.js$/.test(script.file))).toBe(true);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
    const withMapLibre = scripts.filter(
      (script) => /maplibre|MapShell/i.test(script.file) || /maplibre/i.test(script.text),
    );
    expect(withMapLibre.map((script) => script.file)).toEqual([]);
    // The same check finds MapLibre where it is: in the app's map chunk of the same build.
    const assets = await readdir(path.join(outDir, 'assets'));
    const mapChunks = assets.filter((file) => /^MapShell-[\w-]+\.js$/.test(file));
    expect(mapChunks.length).toBeGreaterThan(0);
    const mapText = await readFile(path.join(outDir, 'assets', mapChunks[0] ?? ''), 'utf8');
    expect(/maplibre/i.test(mapText)).toBe(true);
  });
});
