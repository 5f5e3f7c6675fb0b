import {
  OBSERVATION_KINDS,
  OBSERVED_BEHAVIOURS,
  type ObservationKind,
  type VerificationState,
} from '../../shared/observations/kinds.js';
import type { PublicObservationFeature } from '../../shared/schemas/observation.js';
import { GRID_METRES } from '../privacy/geomask.js';
import type { ObservationRow } from './observation-row.js';

/** A report of a group, with the key that says which reporter it came from (never output). */
export interface GroupMember {
  row: ObservationRow;
  reporter: string;
}

/** The public time of an item: to the quarter hour, so it does not single out one report. */
const PUBLIC_TIME_MS = 15 * 60 * 1000;

export function publicTime(at: Date): string {
  return new Date(Math.floor(at.getTime() / PUBLIC_TIME_MS) * PUBLIC_TIME_MS).toISOString();
}

export function policyOfKind(kind: ObservationKind): 'point' | 'coarse' {
  const found = OBSERVATION_KINDS.find((entry) => entry.slug === kind);
  if (!found) throw new RangeError(`unknown observation kind ${kind}`);
  return found.policy;
}

function distinctReporters(members: readonly GroupMember[]): number {
  return new Set(members.map((member) => member.reporter)).size;
}

/**
 * The group's verification: confirmed once dispatch linked any report to an incident; disputed
 * if dispatch disputed one; corroborated with two or more independent reporters; retracted when
 * every shown report was; else unverified.
 */
function verificationOf(shown: readonly GroupMember[], counted: number): VerificationState {
  const states = new Set(shown.map((member) => member.row.verification));
  if (states.has('confirmed')) return 'confirmed';
  if (states.has('disputed')) return 'disputed';
  if (counted >= 2) return 'corroborated';
  if (states.size === 1 && states.has('retracted')) return 'retracted';
  return 'unverified';
}

/**
 * The ONE public item of a group of reports of the same kind in the same public cell within
 * two hours (issue 12, part 3): the approved members only, at the cell's public point, with the
 * number of independent reporters. Null while no member is approved. Everything in it is a
 * function of the cell and of moderated fields: averaging many reports of one spot locates it
 * no better than one report does.
 */
export function groupFeature(
  groupId: string,
  members: readonly GroupMember[],
): PublicObservationFeature | null {
  const shown = members
    .filter((member) => member.row.moderation === 'approved')
    .sort((a, b) => a.row.created_at.getTime() - b.row.created_at.getTime());
  const first = shown[0];
  if (!first) return null;
  const standing = shown.filter((member) => member.row.verification !== 'retracted');
  const counted = distinctReporters(standing.length > 0 ? standing : shown);
  const confirmed = shown.find((member) => member.row.verification === 'confirmed');
  const behaviours = new Set(shown.flatMap((member) => member.row.behaviours));
  const earliest = Math.min(...shown.map((member) => member.row.observed_at.getTime()));
  return {
    type: 'Feature',
    id: groupId,
    geometry: { type: 'Point', coordinates: [first.row.public_lon, first.row.public_lat] },
    properties: {
      category: first.row.category,
      observedAt: publicTime(new Date(earliest)),
      behaviours: OBSERVED_BEHAVIOURS.filter((behaviour) => behaviours.has(behaviour)),
      text: shown.find((member) => member.row.public_text !== null)?.row.public_text ?? null,
      verification: verificationOf(shown, counted),
      reports: Math.max(1, counted),
      district: first.row.public_district,
      place: first.row.public_place,
      incidentId: confirmed?.row.incident_id ?? null,
      locationPrecision: 'approximate',
      precisionMetres: GRID_METRES[policyOfKind(first.row.category)],
    },
  };
}
