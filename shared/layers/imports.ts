import { Type } from 'typebox';
import type { RecordEntityDeclaration } from './declaration.js';

/**
 * One event per imported batch: publicly how many rows it holds, privately their ids and a hash
 * of exactly those rows. Not a layer: the incidents it wrote are on the map already, and a
 * batch has no place of its own.
 */
export const IMPORTS_ENTITY = {
  layer: null,
  entity: 'import',
  events: {
    'incidents.imported': {
      public: Type.Object(
        {
          source: Type.String(),
          format: Type.String(),
          batch: Type.Integer({ minimum: 1 }),
          count: Type.Integer({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
      private: Type.Object(
        {
          ids: Type.Array(Type.String()),
          rowsHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        },
        { additionalProperties: false },
      ),
    },
  },
} as const satisfies RecordEntityDeclaration;
