import type { Layer } from '../realtime/constants.js';
import type {
  EntityDeclaration,
  EventDeclaration,
  LayerDeclaration,
  StreamKind,
} from './declaration.js';
import { FEEDBACK_LAYER } from './feedback.js';
import { IMPORTS_ENTITY } from './imports.js';
import { INCIDENTS_LAYER } from './incidents.js';
import { MODERATION_ENTITY } from './moderation.js';
import { OBSERVATIONS_LAYER } from './observations.js';
import { RECORD_ENTITY } from './record.js';
import { RESPONSES_LAYER } from './responses.js';

/** Every entity the record holds events about; a new layer adds its declaration here. */
export const ENTITY_DECLARATIONS: readonly EntityDeclaration[] = [
  INCIDENTS_LAYER,
  OBSERVATIONS_LAYER,
  RESPONSES_LAYER,
  FEEDBACK_LAYER,
  IMPORTS_ENTITY,
  RECORD_ENTITY,
  MODERATION_ENTITY,
];

export const LAYER_DECLARATIONS: readonly LayerDeclaration[] = ENTITY_DECLARATIONS.filter(
  (declaration): declaration is LayerDeclaration => declaration.layer !== null,
);

const byEntity = new Map(
  ENTITY_DECLARATIONS.map((declaration) => [declaration.entity, declaration]),
);

export function eventDeclaration(entity: string, type: string): EventDeclaration | undefined {
  const events: Readonly<Record<string, EventDeclaration>> | undefined =
    byEntity.get(entity)?.events;
  return events && Object.hasOwn(events, type) ? events[type] : undefined;
}

export interface Streamed {
  layer: Layer;
  kind: StreamKind;
}

const streamed = new Map<string, Map<string, Streamed>>(
  LAYER_DECLARATIONS.map(({ layer, entity, events }) => [
    entity,
    new Map(Object.entries(events).map(([type, { stream }]) => [type, { layer, kind: stream }])),
  ]),
);

/** The layer and stream kind of an event, or null for one the live stream does not carry. */
export function streamedAs(entity: string, type: string): Streamed | null {
  return streamed.get(entity)?.get(type) ?? null;
}
