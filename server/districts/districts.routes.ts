import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { DistrictCollectionSchema } from '../../shared/schemas/district.js';
import { matchesIfNoneMatch } from '../etag.js';
import { districtMapReader } from './district-map.service.js';

const GEOJSON = 'application/geo+json';
// Districts change only with an import: five minutes of staleness, then a cheap 304.
const CACHE_CONTROL = 'public, max-age=300';
const NoBody = Type.Unsafe<undefined>(Type.Null());
// The collection is kept as JSON text (district-map.service.ts) and sent as it is: the schema
// documents its shape, the handler sends the text.
const DistrictCollectionText = Type.Unsafe<string>(DistrictCollectionSchema);

/** GET /api/v1/districts: every district's name, simplified shape and label point. */
const districtRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const readDistrictMap = districtMapReader(app.pg);

  app.get(
    '',
    {
      schema: {
        tags: ['districts'],
        summary: 'Districts for the map: name, shape simplified to about 5 m, label point',
        response: { 200: DistrictCollectionText, 304: NoBody, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { body, etag } = await readDistrictMap();
      void reply.header('cache-control', CACHE_CONTROL).header('etag', etag);
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
        return reply.code(304).send();
      }
      return reply.type(GEOJSON).send(body);
    },
  );
};

export default districtRoutes;
