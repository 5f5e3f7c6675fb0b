import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  AccountabilityCollectionSchema,
  AccountabilityDetailQuerySchema,
  AccountabilityDetailSchema,
  AccountabilityQuerySchema,
  AccountabilitySchema,
} from '../../shared/schemas/accountability.js';
import { errorResponses } from '../../shared/schemas/common.js';
import { etagOf, matchesIfNoneMatch } from '../etag.js';
import { accountabilityCsv } from './accountability-csv.js';
import { computeAccountabilityDetail } from './accountability-detail.service.js';
import { accountabilityCollection } from './accountability-map.service.js';
import { computeAccountability, type AccountabilityOptions } from './accountability.service.js';

const GEOJSON = 'application/geo+json';
const CSV = 'text/csv';
/**
 * The view updates live (every response step and rating moves it): a cache may keep an answer
 * briefly, then asks again with its ETag and gets a cheap 304 when nothing changed.
 */
const CACHE_CONTROL = 'public, max-age=10, must-revalidate';
const NoBody = Type.Unsafe<undefined>(Type.Null());
const Text = Type.String();

type Format = 'json' | 'geojson' | 'csv';

/** What the Accept header asks for; JSON unless GeoJSON or CSV is named. */
function negotiate(accept: string | undefined): Format {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0]?.trim().toLowerCase());
  if (types.includes(GEOJSON)) return 'geojson';
  if (types.includes(CSV)) return 'csv';
  return 'json';
}

function send(request: FastifyRequest, reply: FastifyReply, type: string, body: string) {
  const etag = etagOf(body);
  void reply.header('cache-control', CACHE_CONTROL).header('etag', etag).header('vary', 'Accept');
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type(type).send(body);
}

const ERRORS = errorResponses(400, 404, 429, 503);
const DEFINITIONS =
  'Window [from, to), or the `period` ending at `to` (default now); the previous window has the same length just before. ' +
  'Response times exclude officer-initiated responses (counted apart): median and 90th percentile as PostgreSQL percentile_cont (linear interpolation at (n−1)·p of the sorted values), in seconds. ' +
  'Share within target: responses that reached the scene within the target of their priority, of those that reached it. ' +
  'A cell built on fewer than k records is suppressed (fewer_than_k), and so is any cell that totals would give away (complementary).';

/** GET /api/v1/accountability(.csv) and /api/v1/accountability/detail: public statistics. */
const accountabilityRoutes: FastifyPluginAsyncTypebox<{ options: AccountabilityOptions }> = async (
  app,
  { options },
) => {
  app.get(
    '/accountability',
    {
      schema: {
        tags: ['accountability'],
        summary:
          'Statistics per district and period: JSON, GeoJSON (Accept: application/geo+json) or CSV (Accept: text/csv)',
        description: DEFINITIONS,
        querystring: AccountabilityQuerySchema,
        response: {
          200: Type.Union([AccountabilitySchema, AccountabilityCollectionSchema, Text]),
          304: NoBody,
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const table = await computeAccountability(app.pg, request.query, options);
      const format = negotiate(request.headers.accept);
      if (format === 'csv')
        return send(request, reply, `${CSV}; charset=utf-8`, accountabilityCsv(table));
      if (format === 'geojson') {
        const collection = await accountabilityCollection(app.pg, table);
        return send(request, reply, GEOJSON, JSON.stringify(collection));
      }
      return send(request, reply, 'application/json; charset=utf-8', JSON.stringify(table));
    },
  );

  app.get(
    '/accountability.csv',
    {
      schema: {
        tags: ['accountability'],
        summary:
          'The statistics as CSV, one figure per row: window, from, to, district, figure, priority, category, rating, value, suppressed',
        description: DEFINITIONS,
        querystring: AccountabilityQuerySchema,
        response: { 200: Text, 304: NoBody, ...ERRORS },
      },
    },
    async (request, reply) => {
      const table = await computeAccountability(app.pg, request.query, options);
      return send(request, reply, `${CSV}; charset=utf-8`, accountabilityCsv(table));
    },
  );

  app.get(
    '/accountability/detail',
    {
      schema: {
        tags: ['accountability'],
        summary:
          "A district's (or the whole area's) time-to-scene bins per priority and feedback per week, suppressed as the table",
        querystring: AccountabilityDetailQuerySchema,
        response: { 200: AccountabilityDetailSchema, 304: NoBody, ...ERRORS },
      },
    },
    async (request, reply) => {
      const detail = await computeAccountabilityDetail(app.pg, request.query, options);
      return send(request, reply, 'application/json; charset=utf-8', JSON.stringify(detail));
    },
  );
};

export default accountabilityRoutes;
