/**
 * What a resident can report: events, never people. There is deliberately no "suspicious
 * person" kind: a report says what happened, and the form asks for behaviour, not appearance.
 *
 * `policy` is the public grid the observation is snapped to (shared/categories.ts has the
 * grids): `coarse` (600 m) wherever the place could be someone's home or a victim's spot.
 * Free of schemas, so the client imports it without bundling TypeBox.
 */
export const OBSERVATION_KINDS = [
  { slug: 'vandalism', policy: 'point' },
  { slug: 'graffiti', policy: 'point' },
  { slug: 'illegal-dumping', policy: 'point' },
  { slug: 'broken-streetlight', policy: 'point' },
  { slug: 'abandoned-vehicle', policy: 'point' },
  { slug: 'dangerous-driving', policy: 'point' },
  { slug: 'noise', policy: 'coarse' },
  { slug: 'fire-or-smoke', policy: 'point' },
  { slug: 'shots-heard', policy: 'coarse' },
  { slug: 'fight', policy: 'coarse' },
  { slug: 'break-in', policy: 'coarse' },
  { slug: 'theft-seen', policy: 'coarse' },
  { slug: 'drug-dealing', policy: 'coarse' },
  { slug: 'other', policy: 'coarse' },
] as const satisfies readonly { slug: string; policy: 'point' | 'coarse' }[];

export type ObservationKind = (typeof OBSERVATION_KINDS)[number]['slug'];
export const OBSERVATION_KIND_SLUGS = OBSERVATION_KINDS.map((kind) => kind.slug);

/** What was seen, as behaviour: the structured part of a report, before any free text. */
export const OBSERVED_BEHAVIOURS = [
  'breaking-glass',
  'forcing-entry',
  'damaging-property',
  'fighting',
  'shouting',
  'weapon-shown',
  'someone-injured',
  'fleeing-on-foot',
  'fleeing-by-vehicle',
  'speeding-or-racing',
  'fire-or-smoke',
  'loud-bangs',
  'dumping-waste',
  'selling-drugs',
] as const;
export type ObservedBehaviour = (typeof OBSERVED_BEHAVIOURS)[number];

export const OBSERVATION_TEXT_MAX = 500;

/** Where an observation is in moderation. Only `approved` is public. */
export const MODERATION_STATES = [
  'pending',
  'held',
  'approved',
  'rejected',
  'hidden',
  'withdrawn',
  'erased',
] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

/** unverified → corroborated → confirmed | disputed → retracted (issue 12, part 5). */
export const VERIFICATION_STATES = [
  'unverified',
  'corroborated',
  'confirmed',
  'disputed',
  'retracted',
] as const;
export type VerificationState = (typeof VERIFICATION_STATES)[number];

/**
 * The text rules that find a person named, contacted or located: a report with one is held;
 * a public line staff write with one is refused (server/privacy/public-line.ts).
 */
export const PERSONAL_DATA_RULES = [
  'phone_number',
  'email_address',
  'vehicle_plate',
  'street_address',
  'person_name',
  'social_handle',
  'suspect_named',
] as const;

/** The rules the text check can raise (shared/guardrails): personal data and targeting language. */
export const TEXT_HOLD_RULES = [...PERSONAL_DATA_RULES, 'appearance', 'call_to_action'] as const;

/** Why the server held a report for a moderator: its text, else what others did about it. */
export const HOLD_RULES = [...TEXT_HOLD_RULES, 'anti_targeting', 'flagged'] as const;
export type HoldRule = (typeof HOLD_RULES)[number];
