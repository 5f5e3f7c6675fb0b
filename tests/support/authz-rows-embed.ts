import { Value } from 'typebox/value';
import { expect } from 'vitest';
import { OEmbedRichSchema } from '../../shared/schemas/oembed.js';
import { get, type Row } from './authz-rows.js';

/**
 * The matrix's rows for issue 14's embeds: the pages and oEmbed answer everyone alike, with
 * whatever credentials (they read none). The matrix serves the stand-in build in
 * tests/fixtures/embed-pages, so the pages are there (200, not the 503 of a missing build).
 */
export function embedRows(): Row[] {
  const sameForAll = (_caller: unknown, body: unknown) => {
    expect(typeof body).toBe('string');
    expect(String(body)).toContain('application/json+oembed');
  };
  return [
    {
      route: 'GET /embed',
      access: 'anyone',
      ok: 200,
      request: get('/embed?district=Central'),
      view: sameForAll,
    },
    {
      route: 'GET /embed/stats',
      access: 'anyone',
      ok: 200,
      request: get('/embed/stats?district=Central'),
      view: sameForAll,
    },
    {
      route: 'GET /oembed',
      access: 'anyone',
      ok: 200,
      request: get(`/oembed?url=${encodeURIComponent('http://localhost/embed')}&format=json`),
      view: (_caller, body) => {
        expect(Value.Check(OEmbedRichSchema, body)).toBe(true);
      },
    },
  ];
}
