import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { PlacesQuerySchema, PlacesSchema } from '../../shared/schemas/places.js';
import type { GeocoderOptions } from '../config.js';
import { createGeocoder } from './geocoder.js';
import { searchPlaces } from './places.service.js';

export interface PlacesRoutesOptions {
  /** An address search to ask besides the local data; null (the default): none. */
  geocoder?: GeocoderOptions | null;
}

/** GET /api/v1/places?q=: districts, blocks from the public data, typed coordinates, addresses. */
const placesRoutes: FastifyPluginAsyncTypebox<PlacesRoutesOptions> = async (app, options) => {
  const geocoder = options.geocoder ? createGeocoder(options.geocoder) : null;

  app.get(
    '',
    {
      schema: {
        tags: ['places'],
        summary:
          'Places matching a typed text, best first: districts, street and block names from the public data, coordinates, and addresses when a geocoder is configured',
        querystring: PlacesQuerySchema,
        response: { 200: PlacesSchema, 400: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => searchPlaces(app.pg, geocoder, request.log, request.query),
  );
};

export default placesRoutes;
