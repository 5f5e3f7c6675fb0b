import fp from 'fastify-plugin';
import { EmbedOrigins } from '../embed/embed-origins.js';

export interface EmbedCorsOptions {
  /** EMBED_FRAME_ANCESTORS: ['*'] or origins. */
  embedFrameAncestors: readonly string[];
}

/**
 * The reads other sites' pages may make (route patterns as registered): what an embed or a
 * newsroom's own widget shows. Only GET and HEAD, never a write, an account or a session route.
 */
const PUBLIC_READS = new Set([
  '/api/v1/incidents',
  '/api/v1/incidents/summary',
  '/api/v1/incidents/:id',
  '/api/v1/incidents/:id/response',
  '/api/v1/observations',
  '/api/v1/observations/:id',
  '/api/v1/responses',
  '/api/v1/feedback',
  '/api/v1/accountability',
  '/api/v1/accountability.csv',
  '/api/v1/accountability/detail',
  '/api/v1/districts',
  '/oembed',
]);
const PUBLIC_READ_PREFIXES = ['/tiles/', '/api/v1/audit/', '/feeds/'];

export function isCrossOriginRead(method: string, routeUrl: string | undefined): boolean {
  if ((method !== 'GET' && method !== 'HEAD') || routeUrl === undefined) return false;
  return PUBLIC_READS.has(routeUrl) || PUBLIC_READ_PREFIXES.some((p) => routeUrl.startsWith(p));
}

/**
 * CORS for the public reads, for the sites that may embed: `*` by default, else the caller's
 * origin when listed. Never `Access-Control-Allow-Credentials`: a browser then sends no cookie
 * and reads no credentialed answer, so another site only ever gets the public's view. Every
 * other route sends no CORS header and stays same-origin. No preflight is answered: the reads
 * need none (no custom headers), and the writes must not pass one.
 */
export default fp<EmbedCorsOptions>(
  (app, options, done) => {
    const origins = new EmbedOrigins(options.embedFrameAncestors);
    app.addHook('onSend', async (request, reply, payload) => {
      if (!isCrossOriginRead(request.method, request.routeOptions.url)) return payload;
      const allow = origins.allowOriginHeader(request.headers.origin);
      if (!origins.anySite)
        void reply.header('vary', appendVary(reply.getHeader('vary'), 'Origin'));
      if (allow !== null) {
        void reply.header('access-control-allow-origin', allow);
        // What a reader may want to see besides the CORS-safelisted headers.
        void reply.header('access-control-expose-headers', 'ETag, Retry-After, x-request-id');
      }
      return payload;
    });
    done();
  },
  { name: 'embed-cors' },
);

function appendVary(current: string | number | string[] | undefined, field: string): string {
  const fields = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === field.toLowerCase())) {
    return fields.join(', ');
  }
  return [...fields, field].join(', ');
}
