import { Type } from 'typebox';
import { ERASURE_REASONS, WITHHOLDING_REASONS } from '../audit/chain.js';
import type { RecordEntityDeclaration } from './declaration.js';

/**
 * Events about the record itself. A withholding names the events whose public parts it
 * withholds and why, never what they said; its private part is the operator's note or the
 * incident whose coarsening caused it. An erasure names the events whose private parts (an
 * observation's exact place and text) it erased and why; it has nothing private to keep.
 */
export const RECORD_ENTITY = {
  layer: null,
  entity: 'record',
  events: {
    'record.withheld': {
      public: Type.Object(
        {
          events: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, uniqueItems: true }),
          reason: Type.Enum(WITHHOLDING_REASONS),
        },
        { additionalProperties: false },
      ),
      private: Type.Union([
        Type.Object({ note: Type.String() }, { additionalProperties: false }),
        Type.Object({ incidentId: Type.String() }, { additionalProperties: false }),
      ]),
    },
    'record.erased': {
      public: Type.Object(
        {
          events: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, uniqueItems: true }),
          reason: Type.Enum(ERASURE_REASONS),
        },
        { additionalProperties: false },
      ),
      private: Type.Object({}, { additionalProperties: false }),
    },
  },
} as const satisfies RecordEntityDeclaration;
