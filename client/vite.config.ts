import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type ProxyOptions } from 'vite';
import { basemapPlugin } from './build/basemap-plugin.js';
import { embedPagesDevPlugin } from './build/embed-pages-dev-plugin.js';
import { precompressPlugin } from './build/precompress-plugin.js';

const apiServer = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

// In dev, everything the client fetches from the server goes to the API process (scripts/dev.ts);
// /basemap is answered by basemapPlugin itself, except a deployer's PMTiles archive.
const toApiServer: Record<string, ProxyOptions> = {
  '/api': { target: apiServer },
  '/socket.io': { target: apiServer, ws: true },
  '/healthz': { target: apiServer },
  '/docs': { target: apiServer },
  '/tiles': { target: apiServer },
  '/client-config.json': { target: apiServer },
  '/basemap/city.pmtiles': { target: apiServer },
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [svelte(), basemapPlugin(), precompressPlugin(), embedPagesDevPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // MapLibre alone is about 1 MB minified; warn only about growth beyond it.
    chunkSizeWarningLimit: 1600,
    // Converting and compressing the ~10 MB basemap takes a second or two, by design.
    rolldownOptions: {
      checks: { bundlerTimings: false },
      // The app, and the two embeds (issue 14): pages of their own, so an embed loads only
      // what it draws.
      input: {
        app: fileURLToPath(new URL('index.html', import.meta.url)),
        embed: fileURLToPath(new URL('embed.html', import.meta.url)),
        'embed-stats': fileURLToPath(new URL('embed-stats.html', import.meta.url)),
      },
      // MapLibre in a chunk of its own, so the embed's JavaScript budget can set it aside.
      output: {
        codeSplitting: { groups: [{ name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ }] },
      },
    },
  },
  server: { proxy: toApiServer },
});
