import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorSchema } from '../../shared/schemas/common.js';
import {
  IncidentSummaryQuerySchema,
  IncidentSummarySchema,
} from '../../shared/schemas/incident-summary.js';
import { summariseIncidents } from './summary.service.js';

/** Public counts change with every write, so a cache keeps them as briefly as a tile. */
const CACHE_CONTROL = 'public, max-age=60';

/** GET /api/v1/incidents/summary: the public counts of a view (documented at /docs). */
const summaryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '',
    {
      schema: {
        tags: ['incidents'],
        summary:
          'How many public incidents a bbox and time window hold, by category (the public list and export count the same)',
        querystring: IncidentSummaryQuerySchema,
        response: {
          200: IncidentSummarySchema,
          400: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const summary = await summariseIncidents(app.pg, request.query);
      // Credentials see nothing more here; the cache-control plugin still makes their answers no-store.
      void reply.header('cache-control', CACHE_CONTROL);
      return summary;
    },
  );
};

export default summaryRoutes;
