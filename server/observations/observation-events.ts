import { isDeepStrictEqual } from 'node:util';
import { OBSERVATIONS_LAYER, type ObservationChange } from '../../shared/layers/observations.js';
import type { PublicObservationFeature } from '../../shared/schemas/observation.js';
import type { NewEvent, Retraction } from '../record/events.js';
import { toDispatcherFeature, type ObservationRow } from './observation-row.js';

/** The observation events its layer declares (shared/layers/observations.ts). */
export type ObservationEventType = keyof typeof OBSERVATIONS_LAYER.events;

/** The public item of a group before and after a change, and the last event about the group. */
export interface GroupChange {
  before: PublicObservationFeature | null;
  after: PublicObservationFeature | null;
  /** The last event about the group before this one (0: none). */
  lastEventId: number;
}

const COMPARED: readonly [ObservationChange, keyof PublicObservationFeature['properties']][] = [
  ['reports', 'reports'],
  ['verification', 'verification'],
  ['text', 'text'],
  ['behaviours', 'behaviours'],
  ['observedAt', 'observedAt'],
  ['incidentId', 'incidentId'],
];

/** What changed on the public map: the item appeared, or which of its fields changed. */
export function publicChanges(change: GroupChange): ObservationChange[] {
  const { before, after } = change;
  if (!after) return [];
  if (!before) return ['shown'];
  return COMPARED.filter(
    ([, field]) => !isDeepStrictEqual(before.properties[field], after.properties[field]),
  ).map(([name]) => name);
}

function retractionOf(change: GroupChange): Retraction | undefined {
  const { before, after } = change;
  if (!before || after) return undefined;
  const [lon, lat] = before.geometry.coordinates;
  return {
    id: before.id,
    coordinates: [lon, lat],
    category: before.properties.category,
    publishedBy: change.lastEventId,
  };
}

/**
 * The event of a change to one report: publicly its group's ONE item where the change shows on
 * the public map, else only that something happened about some observation on that day (a
 * pending report, a held one, a report joining a group without changing what the public sees);
 * privately the report as dispatch sees it. When the item leaves the public map, the maps that
 * showed it are told `removed` (retracts).
 */
export function observationEvent(
  type: ObservationEventType,
  row: ObservationRow,
  change: GroupChange,
  reason?: string | null,
): NewEvent {
  const changes = publicChanges(change);
  const shown = change.after !== null && (type === 'observation.created' || changes.length > 0);
  const retracts = retractionOf(change);
  const publicPart =
    shown && change.after
      ? {
          visibility: 'shown',
          feature: change.after,
          ...(type === 'observation.updated' ? { changes } : {}),
        }
      : { visibility: 'not_shown' };
  return {
    type,
    entity: OBSERVATIONS_LAYER.entity,
    entityId: row.group_id,
    identified: shown,
    public: publicPart,
    private: {
      feature: toDispatcherFeature(row),
      ...(reason === undefined ? {} : { reason }),
    },
    ...(retracts ? { retracts } : {}),
  };
}
