import { Type, type Static } from 'typebox';
import { BBOX_DESCRIPTION } from './common.js';

/** GET /feeds/incidents.atom: the area (a bbox or a district, not both) and the categories. */
export const IncidentFeedQuerySchema = Type.Object(
  {
    bbox: Type.Optional(Type.String({ maxLength: 200, description: BBOX_DESCRIPTION })),
    district: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'A district name (GET /api/v1/districts)',
      }),
    ),
    categories: Type.Optional(
      Type.String({ maxLength: 2000, description: 'Comma-separated category slugs; empty: all' }),
    ),
    lang: Type.Optional(Type.Enum(['en', 'de'], { description: 'Language of titles and text' })),
  },
  { additionalProperties: false },
);
export type IncidentFeedQuery = Static<typeof IncidentFeedQuerySchema>;

/** At most this many entries: the newest public changes. */
export const INCIDENT_FEED_ENTRIES = 100;
