import type { Plugin } from 'vite';
import { BASEMAP_FILES } from './basemap-geojson.js';

export const BASEMAP_PATH = '/basemap';

/**
 * The offline basemap: world-atlas TopoJSON turned into GeoJSON at /basemap/land.geojson and
 * /basemap/boundaries.geojson, emitted into the build and served by the dev server.
 */
export function basemapPlugin(): Plugin {
  const built = new Map<string, Promise<string>>();
  // Made once per process: converting the 1:10m land takes about half a second.
  const contents = (name: string, make: () => Promise<string>) => {
    let content = built.get(name);
    if (!content) {
      content = make();
      built.set(name, content);
    }
    return content;
  };

  return {
    name: 'openbeat-basemap',

    configureServer(server) {
      server.middlewares.use(BASEMAP_PATH, (request, response, next) => {
        const name = (request.url ?? '').replace(/^\//, '').split('?')[0] ?? '';
        const make = BASEMAP_FILES[name];
        if (!make) {
          next();
          return;
        }
        contents(name, make).then(
          (body) => {
            response.setHeader('content-type', 'application/geo+json');
            response.end(body);
          },
          (error: unknown) => {
            next(error);
          },
        );
      });
    },

    async generateBundle() {
      for (const [name, make] of Object.entries(BASEMAP_FILES)) {
        this.emitFile({
          type: 'asset',
          fileName: `${BASEMAP_PATH.slice(1)}/${name}`,
          source: await contents(name, make),
        });
      }
    },
  };
}
