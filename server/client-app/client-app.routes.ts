import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { CLIENT_ROUTE_PATHS } from '../../shared/client-routes.js';

export interface ClientAppOptions {
  /** The Vite build of the map client (client/dist unless a test points elsewhere). */
  distDir?: string;
}

export const CLIENT_DIST_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Openbeat: the map is not built</title></head>
<body>
<h1>The map client is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it when needed),
then reload this page. The API is running: see <a href="/docs">/docs</a>.</p>
</body>
</html>`;

const ONE_YEAR_IMMUTABLE = 'public, max-age=31536000, immutable';
const ONE_DAY = 'public, max-age=86400';

/** Vite names files in assets/ by their content hash, so they never change under one name. */
function cacheControlFor(filePath: string, distDir: string): string {
  const relative = path.relative(distDir, filePath).split(path.sep).join('/');
  if (relative.startsWith('assets/')) return ONE_YEAR_IMMUTABLE;
  if (relative.startsWith('basemap/')) return ONE_DAY;
  return 'no-cache';
}

async function exists(filePath: string): Promise<boolean> {
  return access(filePath).then(
    () => true,
    () => false,
  );
}

/**
 * A browser opening a page, not fetching data or a file: it asks for HTML and the path's last
 * segment has no extension (a client page never has one).
 */
function isPageNavigation(request: FastifyRequest): boolean {
  if (request.method !== 'GET' || !(request.headers.accept ?? '').includes('text/html')) {
    return false;
  }
  const pathname = request.url.split('?', 1)[0] ?? '';
  return !(pathname.split('/').pop() ?? '').includes('.');
}

/**
 * The built map client on the same origin as the API: its pages (shared/client-routes.ts) are
 * its index.html, and its files are served as built.
 */
const clientAppRoutes: FastifyPluginAsync<ClientAppOptions> = async (app, options) => {
  const distDir = options.distDir ?? CLIENT_DIST_DIR;
  const indexHtml = path.join(distDir, 'index.html');

  // A page the client does not have: still a 404, but with the client, which says so in the
  // page's language and links back to the map. API clients keep the JSON 404.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== '/*' || !isPageNavigation(request)) return;
    if (!(await exists(indexHtml))) return;
    return reply.code(404).sendFile('index.html');
  });

  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    index: false,
    cacheControl: false,
    // The basemap GeoJSON is ~10 MB, under 3 MB as the .gz the build writes next to it.
    preCompressed: true,
    // A fresh checkout has no build yet: the plugin logs a warning that the root is missing,
    // and `/` says so instead of the server refusing to start.
    setHeaders: (response, filePath) => {
      response.setHeader('cache-control', cacheControlFor(filePath, distDir));
      // With pre-compressed files, what is sent depends on the request's Accept-Encoding.
      response.setHeader('vary', 'Accept-Encoding');
    },
  });

  const sendClientPage = async (_request: FastifyRequest, reply: FastifyReply) => {
    if (!(await exists(indexHtml))) {
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(NOT_BUILT_PAGE);
    }
    return reply.sendFile('index.html');
  };
  for (const page of CLIENT_ROUTE_PATHS) {
    app.get(page, { schema: { hide: true } }, sendClientPage);
  }
};

export default clientAppRoutes;
