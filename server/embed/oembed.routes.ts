import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../shared/schemas/common.js';
import { OEmbedQuerySchema, OEmbedRichSchema } from '../../shared/schemas/oembed.js';
import { embedTargetOf } from './embed-link.js';
import { oembedAnswer } from './oembed.js';

/**
 * `GET /oembed` (oEmbed 1.0, https://oembed.com §2): a content system turns a pasted link of
 * this server's embeds, or of the app's live map or accountability view, into the embed's
 * iframe. A URL of another site or with bad parameters is 404 and a format other than json
 * 501, as §2.3.5 says. Anonymous like the embeds: no cookie is read or set.
 */
const oembedRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/oembed',
    {
      config: { anonymous: true },
      schema: {
        tags: ['embeds'],
        summary: 'oEmbed 1.0 (type rich) for embed and app links of this server',
        querystring: OEmbedQuerySchema,
        response: { 200: OEmbedRichSchema, ...errorResponses(400, 404, 501) },
      },
    },
    async (request, reply) => {
      const { url, format, maxwidth, maxheight } = request.query;
      const target = embedTargetOf(url, [request.host]);
      if (target === null) {
        return reply.code(404).send({
          error: 'not_found',
          message:
            'That URL is not an Openbeat embed of this server with valid parameters (/embed, /embed/stats, the live map or a district’s accountability)',
        });
      }
      if (format !== undefined && format !== 'json') {
        return reply.code(501).send({
          error: 'not_implemented',
          message: `This provider answers in json only, not ${format.slice(0, 32)}`,
        });
      }
      const providerUrl = new URL(`${request.protocol}://${request.host}/`).href;
      return reply
        .type('application/json; charset=utf-8')
        .send(oembedAnswer(target, providerUrl, maxwidth, maxheight));
    },
  );
};

export default oembedRoutes;
