import { Type, type Static } from 'typebox';
import { PERSON_ROLES } from '../roles.js';

/** GET /api/v1/session: who the API key sent belongs to (`public` and null without one). */
export const SessionSchema = Type.Object({
  role: Type.Enum(['public', ...PERSON_ROLES]),
  name: Type.Union([Type.String(), Type.Null()]),
});
export type Session = Static<typeof SessionSchema>;
