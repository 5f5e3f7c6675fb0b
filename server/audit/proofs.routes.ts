import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errorResponses } from '../../shared/schemas/common.js';
import { consistencyProof, inclusionProof } from './merkle.service.js';

const TreeSize = (description: string) =>
  Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description });
const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** RFC 9162 proofs over the events' chain hashes (shared/audit/merkle.ts verifies them). */
const proofRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/inclusion',
    {
      schema: {
        tags: ['audit'],
        summary:
          'That one event is in the record of a signed head: its audit path (RFC 9162 2.1.3)',
        querystring: Type.Object(
          {
            event: TreeSize('the event id (leaf index + 1)'),
            head: TreeSize('the treeSize of a signed head'),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            event: Type.Integer(),
            leafIndex: Type.Integer(),
            treeSize: Type.Integer(),
            leafHash: Hex64,
            rootHash: Hex64,
            path: Type.Array(Hex64),
          }),
          ...errorResponses(400, 409, 503),
        },
      },
    },
    async (request) =>
      inclusionProof(app.pg, { event: request.query.event, treeSize: request.query.head }),
  );

  app.get(
    '/consistency',
    {
      schema: {
        tags: ['audit'],
        summary: 'That a later head extends an earlier one: the consistency proof (RFC 9162 2.1.4)',
        querystring: Type.Object(
          { from: TreeSize('the earlier treeSize'), to: TreeSize('the later treeSize') },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.Integer(),
            to: Type.Integer(),
            fromRoot: Hex64,
            toRoot: Hex64,
            proof: Type.Array(Hex64),
          }),
          ...errorResponses(400, 409, 503),
        },
      },
    },
    async (request) => consistencyProof(app.pg, request.query),
  );
};

export default proofRoutes;
