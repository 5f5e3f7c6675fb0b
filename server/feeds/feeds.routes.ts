import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IncidentFeedQuerySchema } from '../../shared/schemas/feed.js';
import { etagOf, matchesIfNoneMatch } from '../etag.js';
import { FEED_TEXT_DE } from './feed-text-de.js';
import { FEED_TEXT_EN } from './feed-text-en.js';
import { incidentAtom } from './incident-atom.js';
import { feedFilter, readFeedChanges } from './incident-feed.service.js';

const ATOM = 'application/atom+xml; charset=utf-8';

/** Feeds for newsrooms' monitoring tools: public changes only, cacheable for a minute. */
const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/incidents.atom',
    {
      schema: {
        tags: ['feeds'],
        summary:
          'Atom feed of the newest public changes (new incidents, status changes) in a bbox or district',
        querystring: IncidentFeedQuerySchema,
      },
    },
    async (request, reply) => {
      const { query } = request;
      const filter = await feedFilter(app.pg, query);
      const changes = await readFeedChanges(app.pg, filter);
      const lang = query.lang ?? 'en';
      const text = lang === 'de' ? FEED_TEXT_DE : FEED_TEXT_EN;
      const area = query.district ?? (filter.bbox ? filter.bbox.join(',') : text.everywhere);
      const xml = incidentAtom(
        changes,
        {
          origin: `${request.protocol}://${request.host}`,
          hostname: request.hostname,
          selfPath: request.url,
          area,
          lang,
        },
        text,
      );
      const etag = etagOf(xml);
      void reply
        .header('etag', etag)
        .header('cache-control', 'public, max-age=60')
        // Newsrooms' web tools read it from their own origin; the feed is public, credential-free.
        .header('access-control-allow-origin', '*');
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
        return reply.code(304).send();
      }
      return reply.type(ATOM).send(xml);
    },
  );
};

export default feedRoutes;
