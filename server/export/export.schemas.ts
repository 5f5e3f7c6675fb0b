import { Type, type Static } from 'typebox';
import { IncidentListQuerySchema } from '../../shared/schemas/incident.js';

/** The incidents list's filters, without its paging: an export is every matching row. */
export const ExportQuerySchema = Type.Pick(
  IncidentListQuerySchema,
  ['bbox', 'from', 'to', 'category'],
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuerySchema>;

export const EXPORT_FORMATS = ['geojson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ExportParamsSchema = Type.Object({
  layer: Type.String({ maxLength: 64, description: 'Only `incidents` exists so far' }),
  format: Type.String({ maxLength: 16, description: '`geojson` or `csv`' }),
});
