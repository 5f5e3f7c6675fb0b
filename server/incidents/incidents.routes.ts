import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorSchema } from '../../shared/schemas/common.js';
import {
  IncidentCreateSchema,
  IncidentIdParamsSchema,
  IncidentListQuerySchema,
  IncidentPatchSchema,
} from '../../shared/schemas/incident.js';
import {
  DispatcherIncidentFeatureSchema,
  IncidentCollectionSchema,
  IncidentFeatureSchema,
} from '../../shared/schemas/incident-feature.js';
import { authorOf, WriteHeadersSchema } from './incident-author.js';
import { incidentCreator } from './incident-create.service.js';
import {
  getIncident,
  listIncidents,
  updateIncident,
  type IncidentFollower,
} from './incidents.service.js';

const GEOJSON = 'application/geo+json';

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  413: ErrorSchema,
  415: ErrorSchema,
  422: ErrorSchema,
  429: ErrorSchema,
  503: ErrorSchema,
};

export interface IncidentRoutesOptions {
  /** What keeps itself in step with an incident's changes (a response's copies). */
  followers?: readonly IncidentFollower[];
}

/** The HTTP contract of /api/v1/incidents (OpenAPI docs at /docs); rules live in the service. */
const incidentRoutes: FastifyPluginAsyncTypebox<IncidentRoutesOptions> = async (app, options) => {
  const writeConfig = { rateLimit: app.writeRateLimit };
  const createIncident = incidentCreator(app.records);

  app.get(
    '',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Incidents in a bbox and time window, newest first, paged by cursor',
        querystring: IncidentListQuerySchema,
        response: { 200: IncidentCollectionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const collection = await listIncidents(app.pg, request.principal.role, request.query);
      return reply.type(GEOJSON).send(collection);
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['incidents'],
        summary: 'One incident',
        params: IncidentIdParamsSchema,
        response: { 200: IncidentFeatureSchema, ...errors },
      },
    },
    async (request, reply) => {
      const feature = await getIncident(app.pg, request.principal.role, request.params.id);
      return reply.type(GEOJSON).send(feature);
    },
  );

  app.post(
    '',
    {
      config: writeConfig,
      preHandler: app.requireRole('dispatcher'),
      schema: {
        tags: ['incidents'],
        summary: 'Publish an incident (dispatcher)',
        security: [{ apiKey: [] }],
        headers: WriteHeadersSchema,
        body: IncidentCreateSchema,
        response: {
          200: DispatcherIncidentFeatureSchema,
          201: DispatcherIncidentFeatureSchema,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const result = await createIncident({
        author: authorOf(request.principal),
        input: request.body,
        idempotencyKey: request.headers['idempotency-key'],
        request: { method: 'POST', path: '/api/v1/incidents', body: request.body },
      });
      return reply.code(result.statusCode).type(GEOJSON).send(result.body);
    },
  );

  app.patch(
    '/:id',
    {
      config: writeConfig,
      preHandler: app.requireRole('dispatcher'),
      schema: {
        tags: ['incidents'],
        summary:
          'Change status, category, priority or summary (dispatcher); each change is an event',
        security: [{ apiKey: [] }],
        headers: WriteHeadersSchema,
        params: IncidentIdParamsSchema,
        body: IncidentPatchSchema,
        response: { 200: DispatcherIncidentFeatureSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const result = await updateIncident(
        app.records,
        authorOf(request.principal),
        id,
        request.body,
        {
          idempotencyKey: request.headers['idempotency-key'],
          request: { method: 'PATCH', path: `/api/v1/incidents/${id}`, body: request.body },
          followers: options.followers ?? [],
        },
      );
      return reply.code(result.statusCode).type(GEOJSON).send(result.body);
    },
  );
};

export default incidentRoutes;
