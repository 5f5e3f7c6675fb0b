import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { checkTimeRange } from '../../shared/geo/time-range.js';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { CategorySchema } from '../../shared/schemas/incident.js';
import { DateTimeSchema } from '../../shared/schemas/common.js';
import { etagOf, matchesIfNoneMatch } from '../etag.js';
import { InvalidRequestError } from '../errors.js';
import { MAX_ZOOM } from './tile-rules.js';
import type { TileEncoding } from './tiles.queries.js';
import { detectTileEncoding, renderTile } from './tiles.service.js';

const MVT = 'application/vnd.mapbox-vector-tile';
// Tiles change as incidents arrive: a minute of staleness, then a cheap 304 when unchanged.
const CACHE_CONTROL = 'public, max-age=60';
const MAX_TILE_INDEX = 2 ** MAX_ZOOM - 1;
// A reply sent without any payload (`type: 'null'` is how the OpenAPI docs show "no content"):
// a serialized null would go out as `content-length: 4` on a 304.
const NoBody = Type.Unsafe<undefined>(Type.Null());

const TileParamsSchema = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: MAX_ZOOM, description: 'Zoom, 0–20' }),
  x: Type.Integer({ minimum: 0, maximum: MAX_TILE_INDEX, description: 'Column, 0 to 2^z − 1' }),
  y: Type.Integer({ minimum: 0, maximum: MAX_TILE_INDEX, description: 'Row, 0 to 2^z − 1' }),
});

const TileQuerySchema = Type.Object(
  {
    from: Type.Optional(DateTimeSchema),
    to: Type.Optional(DateTimeSchema),
    category: Type.Optional(
      Type.Array(CategorySchema, { description: 'Repeat to ask for several' }),
    ),
  },
  { additionalProperties: false },
);

export interface TileRoutesOptions {
  /** 'node' forces encoding in Node even where PostGIS could (tests compare the two). */
  encoding?: TileEncoding;
}

/** GET /tiles/incidents/{z}/{x}/{y}.mvt: public incidents as a vector tile (tile-rules.ts). */
const tileRoutes: FastifyPluginAsyncTypebox<TileRoutesOptions> = async (app, options) => {
  const encoding = () => options.encoding ?? detectTileEncoding(app.pg);
  app.addHook('onReady', async () => {
    // Detected once at start; if the database is not reachable yet, the first tile asks again.
    await Promise.resolve(encoding()).catch(() => undefined);
  });

  app.get(
    '/incidents/:z/:x/:y.mvt',
    {
      schema: {
        tags: ['tiles'],
        summary: 'Public incidents as a Mapbox Vector Tile (layer "incidents")',
        params: TileParamsSchema,
        querystring: TileQuerySchema,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          204: NoBody,
          304: NoBody,
          400: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { z, x, y } = request.params;
      const { from, to, category } = request.query;
      const last = 2 ** z - 1;
      if (x > last || y > last) {
        throw new InvalidRequestError(`At zoom ${z}, x and y go from 0 to ${last}`);
      }
      const range = checkTimeRange(from, to);
      if (!range.ok) throw new InvalidRequestError(range.message);
      const tile = await renderTile(
        app.pg,
        { z, x, y, from, to, categories: category },
        await encoding(),
      );
      void reply.header('cache-control', CACHE_CONTROL);
      if (tile.length === 0) return reply.code(204).send();
      const etag = etagOf(tile);
      void reply.header('etag', etag);
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
        return reply.code(304).send();
      }
      return reply.type(MVT).send(tile);
    },
  );
};

export default tileRoutes;
