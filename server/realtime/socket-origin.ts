import type { IncomingHttpHeaders } from 'node:http';
import type { EmbedOrigins } from '../embed/embed-origins.js';
import type { StreamSocket } from './socket-io-transport.js';

/** The Host a request came to, as the host of a URL of that scheme (default port dropped). */
function hostAs(protocol: string, host: string): string | null {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}

/**
 * Whether a handshake may connect, by its Origin: none at all (not a browser: Node clients,
 * the CLI), a page of this server's own host, or one of the `allowed` origins. A browser sends
 * Origin with every WebSocket, and no CORS stands between a page of another site and a socket,
 * so this is the check that keeps other sites' pages from using a visitor's connection.
 */
export function originAllowed(headers: IncomingHttpHeaders, allowed: ReadonlySet<string>): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed frame or a file) or garbage
  }
  if (allowed.has(url.origin)) return true;
  return headers.host !== undefined && hostAs(url.protocol, headers.host) === url.host;
}

/**
 * A socket.io middleware: the server's own pages, the allowed origins and clients without an
 * Origin connect as their credentials say; a page of a site that may embed (EMBED_FRAME_ANCESTORS)
 * connects as the public, its cookie ignored, so a visitor's session cannot be used from there
 * (cross-site WebSocket hijacking gains public data only); any other is refused with
 * `forbidden_origin`.
 */
export function checkSocketOrigin(allowedOrigins: readonly string[], embeds: EmbedOrigins) {
  const allowed = new Set(allowedOrigins);
  return (socket: StreamSocket, next: (error?: Error) => void): void => {
    const { headers } = socket.handshake;
    if (originAllowed(headers, allowed)) {
      next();
      return;
    }
    if (embeds.allows(headers.origin)) {
      (socket.data as { anonymousOnly?: boolean }).anonymousOnly = true;
      next();
      return;
    }
    const message = `Pages from ${String(headers.origin)} may not connect to this live stream; the server lists the origins it accepts in SOCKET_ALLOWED_ORIGINS and EMBED_FRAME_ANCESTORS`;
    next(
      Object.assign(new Error('forbidden_origin'), {
        data: { error: 'forbidden_origin', message },
      }),
    );
  };
}
