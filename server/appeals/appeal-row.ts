import type { IncidentAppeal, PublicAppeal } from '../../shared/schemas/appeal.js';

/** An appeal as the queries read it (appeals.queries.ts): only what the public may see. */
export interface AppealRow {
  id: string;
  incident_id: string;
  text: string;
  until: Date;
  state: 'open' | 'closed';
  tips_published: number;
  thanks: string | null;
}

export function toPublicAppeal(row: AppealRow): PublicAppeal {
  return { incidentId: row.incident_id, ...toIncidentAppeal(row) };
}

/** The appeal as its incident's feature carries it. */
export function toIncidentAppeal(row: AppealRow): IncidentAppeal {
  return {
    id: row.id,
    text: row.text,
    until: row.until.toISOString(),
    state: row.state,
    tips: row.tips_published,
    thanks: row.thanks,
  };
}
