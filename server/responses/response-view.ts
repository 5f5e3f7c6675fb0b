import type { Response, ResponseStepView } from '../../shared/schemas/response.js';
import type { ResponseRow, StepRow } from './response-row.js';
import { timesOfRow } from './response-row.js';
import { figuresOf } from './timeline-rules.js';

/**
 * A response as GET /api/v1/incidents/:id/response shows it: every step, corrections and the
 * steps they supersede alike, and the figures of the steps that stand. The unit is dispatch's.
 */
export function toResponseView(
  row: ResponseRow,
  steps: readonly StepRow[],
  withUnits: boolean,
): Response {
  if (!row.incident_id) throw new Error('a response without an incident has no view');
  const supersededBy = new Map(
    steps.flatMap((s) => (s.supersedes ? [[s.supersedes, s.id] as const] : [])),
  );
  return {
    id: row.id,
    incidentId: row.incident_id,
    state: row.state,
    priority: row.priority,
    officerInitiated: row.officer_initiated,
    disposition: row.disposition,
    figures: figuresOf(timesOfRow(row), row.officer_initiated),
    steps: steps.map((s): ResponseStepView => ({
      id: s.id,
      step: s.step,
      at: s.at.toISOString(),
      disposition: s.disposition,
      supersedes: s.supersedes,
      supersededBy: supersededBy.get(s.id) ?? null,
      recordedAt: s.recorded_at.toISOString(),
      ...(withUnits ? { unit: s.unit } : {}),
    })),
  };
}
