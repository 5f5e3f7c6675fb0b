import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

export interface SecurityOptions {
  /** A hosted MapLibre style: the map fetches it, and its tiles, glyphs and sprites, from there. */
  basemapStyleUrl: string | null;
  /** Other origins that style loads from. */
  basemapExtraOrigins: string[];
  /** Who may frame the embeds (`frame-ancestors` sources); ['*'] = any site. */
  embedFrameAncestors: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** A route's `helmet` option for the embed pages: framing by the allow-list, nothing else. */
    embedHelmet: {
      contentSecurityPolicy: { useDefaults: false; directives: Record<string, string[]> };
      frameguard: false;
    };
  }
}

function mapOrigins(options: SecurityOptions): string[] {
  const styleOrigin = options.basemapStyleUrl ? [new URL(options.basemapStyleUrl).origin] : [];
  return [...new Set([...styleOrigin, ...options.basemapExtraOrigins])];
}

/**
 * The page's Content-Security-Policy. MapLibre 6 starts its worker from a same-origin file, or
 * through a blob: URL when that file is on another origin, and decodes images through blob: and
 * data: URLs; it and Svelte transitions set inline styles. socket.io connects to the same host,
 * which 'self' covers for ws: and wss: (CSP Level 3; checked in Chromium).
 */
export function contentSecurityPolicy(
  mapOrigins: string[],
  frameAncestors: string[] = ["'none'"],
): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'worker-src': ["'self'", 'blob:'],
    'child-src': ['blob:'],
    // The embed builder previews the real embed in an iframe of our own origin.
    'frame-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:', ...mapOrigins],
    'connect-src': ["'self'", ...mapOrigins],
    'style-src': ["'self'", "'unsafe-inline'"],
    'font-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': frameAncestors,
  };
}

/**
 * Security headers on every response (helmet's defaults: no sniffing, HSTS, …) and our CSP.
 * Without helmet's `upgrade-insecure-requests`: it would send every asset of a page served over
 * plain HTTP on a LAN address to an https:// that does not exist. The API docs set their own CSP.
 */
export default fp<SecurityOptions>(
  async (app, options) => {
    app.decorate('embedHelmet', {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: contentSecurityPolicy(mapOrigins(options), options.embedFrameAncestors),
      },
      // X-Frame-Options knows only DENY and SAMEORIGIN: frame-ancestors alone says who may frame.
      frameguard: false,
    });
    await app.register(helmet, {
      global: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: contentSecurityPolicy(mapOrigins(options)),
      },
    });
  },
  { name: 'security' },
);
