import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { EMBED_PATHS, type EmbedKind } from '../../shared/embed/embed-params.js';
import { CLIENT_DIST_DIR } from '../client-app/client-app.routes.js';

export interface EmbedPagesOptions {
  distDir?: string;
}

const PAGE_FILES: Record<EmbedKind, string> = { map: 'embed.html', stats: 'embed-stats.html' };

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** oEmbed discovery (oEmbed 1.0 §4): content systems find the embed's oEmbed answer here. */
export function discoveryLink(request: FastifyRequest): string {
  const query = new URLSearchParams({ url: `${origin(request)}${request.url}`, format: 'json' });
  const href = `${origin(request)}/oembed?${query.toString()}`;
  return `<link rel="alternate" type="application/json+oembed" href="${escapeAttribute(href)}" title="Openbeat">`;
}

/**
 * `/embed` and `/embed/stats`: the built embed pages (their own Vite entries, without the app),
 * each with its oEmbed discovery link. The page reads its parameters itself and shows what is
 * wrong with them. Other sites may frame them (the security plugin's embedHelmet).
 */
const embedPagesRoutes: FastifyPluginAsync<EmbedPagesOptions> = async (app, options) => {
  const distDir = options.distDir ?? CLIENT_DIST_DIR;
  for (const [kind, pagePath] of Object.entries(EMBED_PATHS) as [EmbedKind, string][]) {
    app.get(
      pagePath,
      { schema: { hide: true }, helmet: app.embedHelmet, config: { anonymous: true } },
      async (request, reply: FastifyReply) => {
        let html: string;
        try {
          html = await readFile(path.join(distDir, PAGE_FILES[kind]), 'utf8');
        } catch {
          return reply
            .code(503)
            .header('cache-control', 'no-store')
            .type('text/html; charset=utf-8')
            .send(
              '<!doctype html><title>Openbeat</title><p>The embed is not built: run npm run build.</p>',
            );
        }
        return reply
          .header('cache-control', 'no-cache')
          .type('text/html; charset=utf-8')
          .send(html.replace('</head>', `  ${discoveryLink(request)}\n  </head>`));
      },
    );
  }
};

export default embedPagesRoutes;
