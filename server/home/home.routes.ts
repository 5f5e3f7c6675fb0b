import type { FastifyPluginAsync } from 'fastify';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Openbeat</title></head>
<body>
<main>
<h1>Openbeat</h1>
<p>A live public-safety map. The map itself arrives soon; the API is running.</p>
<p>Locations shown to the public are approximate, to protect victims.</p>
<ul>
<li><a href="/docs">API documentation</a></li>
<li><a href="/api/v1/incidents">Latest incidents (GeoJSON)</a></li>
<li><a href="/healthz">Health</a></li>
</ul>
</main>
</body>
</html>`;

/** A placeholder home page until the live map lands. */
const homeRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
};

export default homeRoutes;
