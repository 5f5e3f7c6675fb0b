import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { basemapPlugin } from '../../client/build/basemap-plugin.js';

/**
 * The page of `npm run bench:map` (bench/map.bench.ts builds it with its own temporary outDir):
 * the client's real map modules and the offline basemap the client's build emits.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [basemapPlugin()],
  // The client's static files: the glyphs the cluster and stack counts are drawn with.
  publicDir: fileURLToPath(new URL('../../client/public', import.meta.url)),
  build: {
    outDir: path.join(os.tmpdir(), 'openbeat-map-bench-page'),
    emptyOutDir: true,
    // MapLibre alone is about 1 MB minified, as in the client's build.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
