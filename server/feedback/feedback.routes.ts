import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { errorResponses } from '../../shared/schemas/common.js';
import {
  FeedbackCollectionSchema,
  FeedbackEditSchema,
  FeedbackListQuerySchema,
  FeedbackParamsSchema,
  FeedbackSummarySchema,
  FeedbackWriteSchema,
  MyFeedbackSchema,
  type FeedbackParams,
} from '../../shared/schemas/feedback.js';
import { raterOf } from './feedback-rater.js';
import { feedbackSummary, listFeedback } from './feedback-read.service.js';
import {
  createFeedback,
  editFeedback,
  myFeedback,
  withdrawFeedback,
  type FeedbackTarget,
} from './feedback.service.js';

const GEOJSON = 'application/geo+json';
const FEEDBACK = '/incidents/:id/responses/:responseId/feedback';
const readErrors = errorResponses(400, 404, 429, 503);
const raterErrors = errorResponses(400, 401, 403, 404, 409, 415, 429, 503);

/** The signed-in rater and the response their request names (checked in the service). */
function targetOf(request: FastifyRequest, params: FeedbackParams): FeedbackTarget {
  return {
    incidentId: params.id,
    responseId: params.responseId,
    userId: raterOf(request.principal),
    role: request.principal.role,
  };
}

/**
 * Public feedback on a police response (issue 13, part 3): signed-in residents rate it once
 * (and edit or withdraw their rating); anyone reads the aggregate and the moderated comments.
 */
const feedbackRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    FEEDBACK,
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['feedback'],
        summary:
          'Rate a police response (signed-in people, not dispatch; one each; a comment is moderated)',
        params: FeedbackParamsSchema,
        body: FeedbackWriteSchema,
        response: { 201: MyFeedbackSchema, ...raterErrors },
      },
    },
    async (request, reply) => {
      const created = await createFeedback(
        app.records,
        targetOf(request, request.params),
        request.body,
      );
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.get(
    FEEDBACK,
    {
      schema: {
        tags: ['feedback'],
        summary: "A response's ratings (count, mean, distribution) and its approved comments",
        params: FeedbackParamsSchema,
        response: { 200: FeedbackSummarySchema, ...readErrors },
      },
    },
    async (request) =>
      feedbackSummary(app.pg, request.principal.role, request.params.id, request.params.responseId),
  );

  app.get(
    `${FEEDBACK}/mine`,
    {
      schema: {
        tags: ['feedback'],
        summary: "The signed-in rater's own feedback on the response, with every revision",
        params: FeedbackParamsSchema,
        response: { 200: MyFeedbackSchema, ...raterErrors },
      },
    },
    async (request, reply) => {
      const mine = await myFeedback(app.pg, targetOf(request, request.params));
      return reply.header('cache-control', 'no-store').send(mine);
    },
  );

  app.patch(
    `${FEEDBACK}/mine`,
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['feedback'],
        summary: 'Edit one’s feedback: a new revision; a new comment is moderated again',
        params: FeedbackParamsSchema,
        body: FeedbackEditSchema,
        response: { 200: MyFeedbackSchema, ...raterErrors },
      },
    },
    async (request, reply) => {
      const edited = await editFeedback(
        app.records,
        targetOf(request, request.params),
        request.body,
      );
      return reply.header('cache-control', 'no-store').send(edited);
    },
  );

  app.delete(
    `${FEEDBACK}/mine`,
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: ['feedback'],
        summary: 'Withdraw one’s feedback: its rating no longer counts, its comment is not shown',
        params: FeedbackParamsSchema,
        response: { 200: MyFeedbackSchema, ...raterErrors },
      },
    },
    async (request, reply) => {
      const withdrawn = await withdrawFeedback(app.records, targetOf(request, request.params));
      return reply.header('cache-control', 'no-store').send(withdrawn);
    },
  );

  app.get(
    '/feedback',
    {
      schema: {
        tags: ['feedback'],
        summary: 'Ratings per response of incidents on the public map, at their public points',
        querystring: FeedbackListQuerySchema,
        response: { 200: FeedbackCollectionSchema, ...readErrors },
      },
    },
    async (request, reply) => reply.type(GEOJSON).send(await listFeedback(app.pg, request.query)),
  );
};

export default feedbackRoutes;
