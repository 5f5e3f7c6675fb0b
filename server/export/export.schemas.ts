import { Type, type Static } from 'typebox';
import { IncidentListQuerySchema } from '../../shared/schemas/incident.js';
import { PublicIncidentFeatureSchema } from '../../shared/schemas/incident-feature.js';

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

/**
 * The GeoJSON export: public features only, with the licence and the generalisation rule as
 * foreign members (RFC 7946 §6.1), so that they travel with the file.
 */
export const IncidentExportSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  license: Type.String({ description: 'SPDX identifier of the data licence' }),
  licenseUrl: Type.String(),
  attribution: Type.String(),
  generalisation: Type.Object(
    {
      method: Type.Literal('grid-snap'),
      description: Type.String(),
      gridMetres: Type.Object({ point: Type.Number(), coarse: Type.Number() }),
      coarseCategories: Type.Array(Type.String()),
      omittedCategories: Type.Array(Type.String()),
    },
    { description: 'How the locations and summaries were generalised' },
  ),
  exportedAt: Type.String({ description: 'ISO 8601, UTC' }),
  features: Type.Array(PublicIncidentFeatureSchema),
});
export type IncidentExport = Static<typeof IncidentExportSchema>;
