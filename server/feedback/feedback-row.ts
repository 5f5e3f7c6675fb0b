import type { PublicPolicy } from '../../shared/categories.js';
import type { FeedbackHoldRule } from '../../shared/feedback/hold-rules.js';
import type { CategorySlug } from '../../shared/categories.js';
import type { MyFeedback } from '../../shared/schemas/feedback.js';

export type FeedbackModeration =
  'none' | 'pending' | 'held' | 'approved' | 'rejected' | 'hidden' | 'withdrawn';

/** A feedback row as the queries return it (never its author). */
export interface FeedbackRow {
  id: string;
  response_id: string;
  rating: number;
  comment: string | null;
  public_comment: string | null;
  moderation: FeedbackModeration;
  held_for: FeedbackHoldRule[];
  revision: number;
  created_at: Date;
  updated_at: Date;
}

export interface RevisionRow {
  revision: number;
  rating: number;
  comment: string | null;
  created_at: Date;
}

/** A response and what decides whether and where the public sees its feedback. */
export interface RatedResponse {
  response_id: string;
  incident_id: string;
  category: CategorySlug;
  visibility: PublicPolicy;
  public_lon: number | null;
  public_lat: number | null;
}

/** Whether the public sees the response's incident as a point (and so its feedback). */
export function isShown(response: RatedResponse): boolean {
  return (
    (response.visibility === 'point' || response.visibility === 'coarse') &&
    response.public_lon !== null &&
    response.public_lat !== null
  );
}

export function toMyFeedback(row: FeedbackRow, history: readonly RevisionRow[]): MyFeedback {
  return {
    id: row.id,
    responseId: row.response_id,
    rating: row.rating,
    comment: row.comment,
    moderation: row.moderation,
    heldFor: row.held_for,
    publicComment: row.public_comment,
    revision: row.revision,
    history: history.map((revision) => ({
      revision: revision.revision,
      rating: revision.rating,
      comment: revision.comment,
      at: revision.created_at.toISOString(),
    })),
  };
}
