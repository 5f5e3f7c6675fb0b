import type { ObservationKind, VerificationState } from '../../shared/observations/kinds.js';

/** The words an Open311 client shows its users: one set per language (open311-text-*.ts). */
export interface Open311Text {
  /** The same names the map client gives the kinds (client/src/i18n/messages/observations-*.ts). */
  serviceName: Record<ObservationKind, string>;
  serviceDescription: Record<ObservationKind, string>;
  keywords: Record<ObservationKind, string>;
  groups: Record<Open311Group, string>;
  statusNotes: Record<VerificationState, string>;
  agency: string;
  /** Said when a request is taken: it waits for a moderator before anyone sees it. */
  accepted: string;
  /** Said when a request is held: its text names or contacts a person. */
  held: string;
}

export const OPEN311_GROUPS = ['street', 'traffic', 'disturbance', 'crime', 'other'] as const;
export type Open311Group = (typeof OPEN311_GROUPS)[number];

/** Which group each kind is listed under. */
export const GROUP_OF_KIND: Record<ObservationKind, Open311Group> = {
  vandalism: 'street',
  graffiti: 'street',
  'illegal-dumping': 'street',
  'broken-streetlight': 'street',
  'abandoned-vehicle': 'street',
  'dangerous-driving': 'traffic',
  noise: 'disturbance',
  'fire-or-smoke': 'disturbance',
  'shots-heard': 'crime',
  fight: 'crime',
  'break-in': 'crime',
  'theft-seen': 'crime',
  'drug-dealing': 'crime',
  other: 'other',
};
