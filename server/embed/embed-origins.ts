/**
 * The sites that may embed (EMBED_FRAME_ANCESTORS): ['*'] for any, else a list of origins. One
 * list answers three questions: who may frame the embed pages (CSP `frame-ancestors`), who may
 * read the public API and tiles cross-origin (CORS), and whose pages may hold an anonymous live
 * stream. All three only ever give public data, so the list limits reach, not exposure.
 */
export class EmbedOrigins {
  readonly anySite: boolean;
  readonly #origins: ReadonlySet<string>;

  constructor(readonly sources: readonly string[]) {
    this.anySite = sources.includes('*');
    this.#origins = new Set(sources);
  }

  /**
   * Whether a page of this Origin header may embed. Under `*` an opaque origin ("null": a
   * sandboxed frame) may too: it can read public data anyway, through the pages themselves.
   */
  allows(origin: string | undefined): boolean {
    if (origin === undefined) return false;
    if (this.anySite) return origin === 'null' || parsedOrigin(origin) !== null;
    const parsed = parsedOrigin(origin);
    return parsed !== null && this.#origins.has(parsed);
  }

  /** The Access-Control-Allow-Origin for a request from this Origin, or null for none. */
  allowOriginHeader(origin: string | undefined): string | null {
    if (this.anySite) return '*';
    return this.allows(origin) ? (origin ?? null) : null;
  }
}

function parsedOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // An Origin header is an origin only: a path or more means it is not one.
    return url.origin === origin ? url.origin : null;
  } catch {
    return null;
  }
}
