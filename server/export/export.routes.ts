import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import createError from '@fastify/error';
import { Type } from 'typebox';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { NotFoundError } from '../errors.js';
import { exportHeaders } from './export-headers.js';
import { exportSlots } from './export-slots.js';
import {
  EXPORT_FORMATS,
  ExportParamsSchema,
  ExportQuerySchema,
  IncidentExportSchema,
  type ExportFormat,
} from './export.schemas.js';
import { exportFilters, exportIncidents } from './export.service.js';

const ExportsBusyError = createError(
  'exports_busy',
  'Too many exports are running; try again shortly',
  429,
);

const RETRY_AFTER_SECONDS = '10';

function isFormat(format: string): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

/** A reader that takes nothing for this long loses its export, and the connection it holds. */
const STALL_TIMEOUT_MS = 60_000;

export interface ExportRoutesOptions {
  stallTimeoutMs?: number;
}

/** GET /api/v1/export/:layer.(geojson|csv): streamed public exports (documented at /docs). */
const exportRoutes: FastifyPluginAsyncTypebox<ExportRoutesOptions> = async (app, options) => {
  const stallTimeoutMs = options.stallTimeoutMs ?? STALL_TIMEOUT_MS;
  // At most half the pool's connections (at least one) serve exports at any time.
  const slots = exportSlots(Math.max(1, Math.floor(app.pg.options.max / 2)));

  app.get(
    '/:layer.:format',
    {
      schema: {
        tags: ['export'],
        summary:
          'Every public incident matching the filters, streamed as GeoJSON or CSV (layer: incidents)',
        params: ExportParamsSchema,
        querystring: ExportQuerySchema,
        response: {
          // Streamed, never serialised: the schemas document the body and type nothing.
          200: {
            description: 'A GeoJSON FeatureCollection of public features, or CSV, streamed',
            content: {
              'application/geo+json': { schema: Type.Unsafe<unknown>(IncidentExportSchema) },
              'text/csv': {
                schema: Type.Unsafe<unknown>(Type.String({ description: 'One incident a row' })),
              },
            },
          },
          400: ErrorSchema,
          404: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { layer, format } = request.params;
      if (layer !== 'incidents' || !isFormat(format)) {
        throw new NotFoundError(`the export ${layer}.${format}`);
      }
      const exportedAt = new Date();
      // Node writes no body for HEAD: streaming would read every row only to drop it.
      if (request.method === 'HEAD') {
        exportFilters(request.query);
        return reply.headers(exportHeaders(layer, format, exportedAt)).send();
      }
      const releaseSlot = slots.take();
      if (!releaseSlot) {
        void reply.header('retry-after', RETRY_AFTER_SECONDS);
        throw new ExportsBusyError();
      }
      let body;
      try {
        body = await exportIncidents(app.pg, request.query, format, exportedAt);
      } catch (error) {
        releaseSlot();
        throw error;
      }
      body.once('close', releaseSlot);
      // Backpressure stops the socket when the reader stops reading: a socket silent this long
      // is a stalled reader, and destroying it ends the export (Fastify destroys `body`).
      reply.raw.setTimeout(stallTimeoutMs, () => {
        reply.raw.destroy();
      });
      return reply.headers(exportHeaders(layer, format, exportedAt)).send(body);
    },
  );
};

export default exportRoutes;
