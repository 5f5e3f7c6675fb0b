import { Type } from 'typebox';
import {
  MODERATION_DECISIONS,
  MODERATION_KINDS,
  MODERATION_REASONS,
  MODERATION_STATES_FOR_LOG,
} from '../schemas/moderation-constants.js';
import type { RecordEntityDeclaration } from './declaration.js';

/**
 * One event per moderation decision (and per item the residents' flags hid). The public part
 * is what the public moderation log shows: which item, what was decided, why; never the content,
 * its place or kind, nor who reported it, and the moderator only as "a moderator" (a name would
 * make them a target of the anger a decision draws). Who decided is in the private part, for
 * oversight. Not a layer: the item's own event (`observation.updated`, `feedback.changed`)
 * changes the map.
 */
export const MODERATION_ENTITY = {
  layer: null,
  entity: 'moderation',
  events: {
    'moderation.decided': {
      public: Type.Object(
        {
          kind: Type.Enum(MODERATION_KINDS),
          targetId: Type.String({ format: 'uuid' }),
          decision: Type.Enum([...MODERATION_DECISIONS, 'auto_hidden']),
          reason: Type.Enum(MODERATION_REASONS),
          note: Type.Union([Type.String(), Type.Null()]),
          by: Type.Enum(['moderator', 'residents']),
        },
        { additionalProperties: false },
      ),
      private: Type.Object(
        {
          /** 'user:<id>' or 'key:<id>'; null for the residents' flags. */
          decidedBy: Type.Union([Type.String(), Type.Null()]),
          from: Type.Enum(MODERATION_STATES_FOR_LOG),
          to: Type.Enum(MODERATION_STATES_FOR_LOG),
        },
        { additionalProperties: false },
      ),
    },
  },
} as const satisfies RecordEntityDeclaration;
