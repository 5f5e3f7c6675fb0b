import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../shared/schemas/common.js';
import { IncidentIdParamsSchema } from '../../shared/schemas/incident.js';
import {
  ResponseCollectionSchema,
  ResponseListQuerySchema,
  ResponseSchema,
  ResponseStepCreateSchema,
} from '../../shared/schemas/response.js';
import { authorOf, WriteHeadersSchema } from '../incidents/incident-author.js';
import { getResponse, listResponses, recordStep } from './responses.service.js';

const GEOJSON = 'application/geo+json';

const readErrors = errorResponses(400, 401, 404, 429, 503);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503);

/** Police responses: dispatch appends steps to an incident's timeline; anyone may read them. */
const responseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/incidents/:id/responses',
    {
      config: { rateLimit: app.writeRateLimit },
      preHandler: app.requireRole('dispatcher'),
      schema: {
        tags: ['responses'],
        summary:
          "Append a step to the incident's response timeline (dispatcher); a correction supersedes an earlier step",
        security: [{ apiKey: [] }],
        headers: WriteHeadersSchema,
        params: IncidentIdParamsSchema,
        body: ResponseStepCreateSchema,
        response: { 200: ResponseSchema, 201: ResponseSchema, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const result = await recordStep(app.records, {
        origin: { author: authorOf(request.principal) },
        incidentId: id,
        input: request.body,
        idempotencyKey: request.headers['idempotency-key'],
        request: { method: 'POST', path: `/api/v1/incidents/${id}/responses`, body: request.body },
      });
      return reply.code(result.statusCode as 200 | 201).send(result.body);
    },
  );

  app.get(
    '/incidents/:id/response',
    {
      schema: {
        tags: ['responses'],
        summary: "An incident's response: every step, corrections included, and its figures",
        params: IncidentIdParamsSchema,
        response: { 200: ResponseSchema, ...readErrors },
      },
    },
    async (request) => getResponse(app.pg, request.principal.role, request.params.id),
  );

  app.get(
    '/responses',
    {
      schema: {
        tags: ['responses'],
        summary: 'Responses in a bbox, received in a window, newest first (the map layer)',
        querystring: ResponseListQuerySchema,
        response: { 200: ResponseCollectionSchema, ...readErrors },
      },
    },
    async (request, reply) => {
      const collection = await listResponses(app.pg, request.principal.role, request.query);
      return reply.type(GEOJSON).send(collection);
    },
  );
};

export default responseRoutes;
