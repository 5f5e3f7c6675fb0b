import type { PublicPolicy } from '../../shared/categories.js';
import type { ResponseStep } from '../../shared/schemas/response-constants.js';
import type { TimelineStep } from './timeline-rules.js';

/** A responses row as the queries read it. */
export interface ResponseRow {
  id: string;
  incident_id: string | null;
  district_id: string | null;
  category: string;
  priority: number;
  officer_initiated: boolean;
  state: ResponseStep;
  received_at: Date;
  dispatched_at: Date | null;
  en_route_at: Date | null;
  on_scene_at: Date | null;
  cleared_at: Date | null;
  disposition: string | null;
  source: string;
  external_ref: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * A response with its incident's place: the policy and public point (null: no incident, or
 * none shown), and for dispatch's reads and the writer's the exact point.
 */
export interface PlacedResponseRow extends ResponseRow {
  visibility: PublicPolicy | null;
  public_lon: number | null;
  public_lat: number | null;
  exact_lon?: number | null;
  exact_lat?: number | null;
}

/** A response_steps row. */
export interface StepRow {
  id: string;
  seq: number;
  step: ResponseStep;
  at: Date;
  unit: string | null;
  disposition: string | null;
  supersedes: string | null;
  recorded_at: Date;
}

export function timelineOf(rows: readonly StepRow[]): TimelineStep[] {
  return rows.map(({ id, seq, step, at, unit, disposition, supersedes }) => ({
    id,
    seq,
    step,
    at,
    unit,
    disposition,
    supersedes,
  }));
}

/** The times of the row's standing steps, by kind. */
export function timesOfRow(row: ResponseRow): Record<ResponseStep, Date | null> {
  return {
    received: row.received_at,
    dispatched: row.dispatched_at,
    en_route: row.en_route_at,
    on_scene: row.on_scene_at,
    cleared: row.cleared_at,
  };
}
