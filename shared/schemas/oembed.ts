import { Type, type Static } from 'typebox';

/**
 * oEmbed 1.0 (https://oembed.com, §2.2 and §2.3): the consumer's request and the provider's
 * answer, of type `rich` (an iframe of the embed). Consumers add parameters of their own (e.g.
 * WordPress's `dnt`): those are ignored, not refused.
 */
export const OEMBED_MAX_SIZE = 10_000;

const Dimension = (description: string) =>
  Type.Integer({ minimum: 1, maximum: OEMBED_MAX_SIZE, description });

export const OEmbedQuerySchema = Type.Object({
  url: Type.String({
    minLength: 1,
    maxLength: 2048,
    description:
      'An embed (/embed, /embed/stats) or an app link (/?…, /accountability?district=…) of this server',
  }),
  format: Type.Optional(
    Type.String({ maxLength: 32, description: 'json (the default); any other answers 501' }),
  ),
  maxwidth: Type.Optional(Dimension('The widest the embed may be, CSS pixels')),
  maxheight: Type.Optional(Dimension('The tallest the embed may be, CSS pixels')),
});
export type OEmbedQuery = Static<typeof OEmbedQuerySchema>;

export const OEmbedRichSchema = Type.Object(
  {
    version: Type.Literal('1.0'),
    type: Type.Literal('rich'),
    html: Type.String({ description: 'An <iframe> of the embed' }),
    width: Type.Integer({ minimum: 1 }),
    height: Type.Integer({ minimum: 1 }),
    title: Type.String(),
    provider_name: Type.String(),
    provider_url: Type.String(),
    cache_age: Type.Integer({ minimum: 0, description: 'Seconds a consumer may keep this answer' }),
  },
  { additionalProperties: false },
);
export type OEmbedRich = Static<typeof OEmbedRichSchema>;
