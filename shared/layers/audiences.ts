import type { Layer } from '../realtime/constants.js';
import type { Role } from '../roles.js';

/**
 * Who may see which part of which layer, as data: the relay and the fan-out route every event
 * through this table. Free of schemas, so the client may import it without bundling TypeBox.
 */

/**
 * The roles of credentials, and `reporter`: the person who reported an item, for that item
 * only (never a whole socket's audience).
 */
export const AUDIENCES = [
  'public',
  'reporter',
  'resident',
  'moderator',
  'dispatcher',
  'admin',
] as const;
export type Audience = (typeof AUDIENCES)[number];

/** An event's two parts (declaration.ts): public, and private with the exact place. */
export type EventPart = 'public' | 'private';

export interface AudienceRule {
  /** The part whose feature this audience receives; null: nothing of the layer. */
  part: EventPart | null;
  /**
   * Whether it is told `removed` when a public feature it was shown leaves its view (its place,
   * its category, or public view altogether). An audience that sees the private part sees the
   * item wherever it is, and is never told it went.
   */
  removals: boolean;
}

const PUBLIC_VIEW: AudienceRule = { part: 'public', removals: true };
const EXACT_VIEW: AudienceRule = { part: 'private', removals: false };
const NOTHING: AudienceRule = { part: null, removals: false };

/** Layers missing here stream nothing to anyone. */
export const AUDIENCE_RULES: Readonly<
  Partial<Record<Layer, Readonly<Record<Audience, AudienceRule>>>>
> = {
  incidents: {
    public: PUBLIC_VIEW,
    // Incidents come from dispatch: whoever called the police sees what the public sees.
    reporter: PUBLIC_VIEW,
    resident: PUBLIC_VIEW,
    moderator: PUBLIC_VIEW,
    dispatcher: EXACT_VIEW,
    admin: PUBLIC_VIEW,
  },
  // Residents' reports: everyone sees the approved public item (one per event, at its cell);
  // only dispatch sees each report's exact place and text. The reporter sees their own report's
  // state through GET /api/v1/observations/mine, never on a socket.
  observations: {
    public: PUBLIC_VIEW,
    reporter: PUBLIC_VIEW,
    resident: PUBLIC_VIEW,
    moderator: PUBLIC_VIEW,
    dispatcher: EXACT_VIEW,
    admin: PUBLIC_VIEW,
  },
  // Police responses, at their incident's point: dispatch sees the exact point and the units,
  // everyone else the public point of a response whose incident the public map shows.
  responses: {
    public: PUBLIC_VIEW,
    reporter: PUBLIC_VIEW,
    resident: PUBLIC_VIEW,
    moderator: PUBLIC_VIEW,
    dispatcher: EXACT_VIEW,
    admin: PUBLIC_VIEW,
  },
  // Ratings of police responses: everyone, dispatch included, sees the same per-response
  // aggregate. Unlike observations, no audience is streamed the private part (one person's
  // rating and comment as written): moderators read comments in their queue, which is never
  // cached; dispatch must not read unmoderated comments about its own responses (the police
  // would see first what may name an officer, and could work out who wrote it); the author
  // reads their own through GET …/feedback/mine. The private part is the auditors'.
  feedback: {
    public: PUBLIC_VIEW,
    reporter: PUBLIC_VIEW,
    resident: PUBLIC_VIEW,
    moderator: PUBLIC_VIEW,
    dispatcher: PUBLIC_VIEW,
    admin: PUBLIC_VIEW,
  },
};

export function ruleFor(layer: Layer, audience: Audience): AudienceRule {
  return AUDIENCE_RULES[layer]?.[audience] ?? NOTHING;
}

/** A socket's audience is the role of its credentials. */
export function audienceOfRole(role: Role): Audience {
  return role;
}

/** Whether some layer shows this audience its private parts (so they must be read for it). */
export function readsPrivateParts(audience: Audience): boolean {
  return Object.values(AUDIENCE_RULES).some((rules) => rules[audience].part === 'private');
}
