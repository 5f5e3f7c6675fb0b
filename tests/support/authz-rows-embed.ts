import { Value } from 'typebox/value';
import { expect } from 'vitest';
import { OEmbedRichSchema } from '../../shared/schemas/oembed.js';
import { get, type Row } from './authz-rows.js';

/**
 * The matrix's rows for issue 14's oEmbed endpoint: the same answer for everyone, with whatever
 * credentials (it reads none). The embed pages themselves are excluded with the client's pages.
 */
export function embedRows(): Row[] {
  return [
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
