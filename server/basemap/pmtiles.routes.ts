import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { NotFoundError, RangeNotSatisfiableError } from '../errors.js';
import { parseByteRange } from './byte-range.js';

/** Where the map client finds the deployer's PMTiles basemap (BASEMAP_PMTILES). */
export const BASEMAP_PMTILES_PATH = '/basemap/city.pmtiles';

export interface PmtilesRoutesOptions {
  /** The archive on this machine. */
  file: string;
}

// The archive changes only when the deployer replaces it; the ETag tells the reader when it did.
const CACHE_CONTROL = 'public, max-age=86400';
const Binary = Type.Unsafe<Readable>({ type: 'string', format: 'binary' });

const RangeHeadersSchema = Type.Object({
  range: Type.Optional(
    Type.String({ maxLength: 200, description: 'One byte range, e.g. bytes=0-16383' }),
  ),
});

/** A strong validator from the file's size and time: a replaced archive gets a new one. */
function fileEtag(size: number, mtimeMs: number): string {
  return `"${size.toString(16)}-${Math.trunc(mtimeMs).toString(16)}"`;
}

async function statFile(file: string) {
  try {
    const stats = await stat(file);
    if (stats.isFile()) return stats;
  } catch {
    // missing or unreadable: answered below
  }
  throw new NotFoundError('The basemap archive');
}

/**
 * GET /basemap/city.pmtiles: the deployer's PMTiles archive, read by the browser in byte ranges
 * (206), as a whole without a Range header (200), 416 for a range it does not hold.
 */
const pmtilesRoutes: FastifyPluginAsyncTypebox<PmtilesRoutesOptions> = async (app, options) => {
  app.get(
    BASEMAP_PMTILES_PATH,
    {
      schema: {
        tags: ['client'],
        summary: 'The PMTiles basemap archive (BASEMAP_PMTILES), by byte ranges',
        headers: RangeHeadersSchema,
        response: { 200: Binary, 206: Binary, 404: ErrorSchema, 416: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { size, mtimeMs } = await statFile(options.file);
      void reply
        .header('accept-ranges', 'bytes')
        .header('etag', fileEtag(size, mtimeMs))
        .header('cache-control', CACHE_CONTROL)
        .type('application/vnd.pmtiles');
      const header = request.headers.range;
      if (header === undefined) {
        return reply.header('content-length', size).send(createReadStream(options.file));
      }
      const range = parseByteRange(header, size);
      if (!range) {
        void reply.header('content-range', `bytes */${size}`);
        throw new RangeNotSatisfiableError(
          `The range "${header}" is not one range of bytes within the ${size} bytes of the archive`,
        );
      }
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1)
        .send(createReadStream(options.file, range));
    },
  );
};

export default pmtilesRoutes;
