import type { Plugin } from 'vite';
import { embedKindAt, type EmbedKind } from '../../shared/embed/embed-params.js';

const PAGES: Record<EmbedKind, string> = { map: '/embed.html', stats: '/embed-stats.html' };

/**
 * In dev, `/embed` and `/embed/stats` answer with their pages, as the server does in production
 * (server/embed/embed-pages.routes.ts), query string kept.
 */
export function embedPagesDevPlugin(): Plugin {
  return {
    name: 'openbeat-embed-pages-dev',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        const [path = '', query] = (request.url ?? '').split('?', 2);
        const kind = embedKindAt(path);
        if (kind) request.url = query === undefined ? PAGES[kind] : `${PAGES[kind]}?${query}`;
        next();
      });
    },
  };
}
