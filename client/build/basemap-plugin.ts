import type { Plugin } from 'vite';
import { contentTypeOf, type BasemapFiles } from './basemap-files.js';
import { naturalEarthFiles } from './basemap-geojson.js';
import { vancouverAreaLabels, vancouverStreetTiles } from './basemap-vancouver.js';

export const BASEMAP_PATH = '/basemap';

/** Every file under /basemap/, made from the data the project ships. */
async function allBasemapFiles(): Promise<BasemapFiles> {
  const parts = await Promise.all([
    naturalEarthFiles(),
    vancouverStreetTiles(),
    vancouverAreaLabels(),
  ]);
  return new Map(parts.flatMap((files) => [...files]));
}

/**
 * The offline basemap: Natural Earth land, borders and lakes as GeoJSON, Vancouver's streets as
 * static vector tiles and its neighbourhood names, emitted into the build under /basemap/ and
 * served by the dev server.
 */
export function basemapPlugin(): Plugin {
  // Made once per process: converting the 1:10m land and tiling the streets take about a second.
  let built: Promise<BasemapFiles> | undefined;
  const files = () => (built ??= allBasemapFiles());

  return {
    name: 'openbeat-basemap',

    configureServer(server) {
      server.middlewares.use(BASEMAP_PATH, (request, response, next) => {
        const name = (request.url ?? '').replace(/^\//, '').split('?')[0] ?? '';
        files().then(
          (all) => {
            const body = all.get(name);
            if (body === undefined) {
              next();
              return;
            }
            response.setHeader('content-type', contentTypeOf(name));
            response.end(body);
          },
          (error: unknown) => {
            next(error);
          },
        );
      });
    },

    async generateBundle() {
      for (const [name, source] of await files()) {
        this.emitFile({ type: 'asset', fileName: `${BASEMAP_PATH.slice(1)}/${name}`, source });
      }
    },
  };
}
