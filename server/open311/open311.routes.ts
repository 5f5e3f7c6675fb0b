import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  OPEN311_FORMATS,
  Open311CreateSchema,
  Open311FormatParamsSchema,
  Open311OneRequestQuerySchema,
  Open311RequestParamsSchema,
  Open311RequestsQuerySchema,
  Open311ServicesQuerySchema,
  type Open311Format,
} from '../../shared/schemas/open311.js';
import type { RateLimit } from '../observations/observation-guards.js';
import { ReporterIdentity } from '../observations/reporter-identity.js';
import { Open311Keys } from './open311-api-keys.js';
import { createRequest } from './open311-create.service.js';
import { notFound, toOpen311Failure, type Open311Failure } from './open311-errors.js';
import { CONTENT_TYPES, serialise, type XmlShape } from './open311-format.js';
import {
  getRequest,
  listRequests,
  requestFilter,
  requestOfToken,
} from './open311-requests.service.js';
import { listServices, open311Text } from './open311-services.js';

export interface Open311RouteOptions {
  /** OPEN311_API_KEYS: POST requests needs one of them; none configured = not required. */
  apiKeys: readonly string[];
  /** The observations' limit per reporter (device_id, address). */
  limit: RateLimit;
}

const TAGS = ['open311'];
const SPEC = 'Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2)';

/** `json` or `xml` from a path's extension; anything else does not exist (404). */
function formatOf(text: string): Open311Format {
  if ((OPEN311_FORMATS as readonly string[]).includes(text)) return text as Open311Format;
  throw notFound(`The format ${text} is not supported: use .json or .xml`);
}

/** `{name}.{format}` in one path segment. */
function splitFile(file: string): { name: string; format: Open311Format } {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) throw notFound(`${file} needs a .json or .xml extension`);
  return { name: file.slice(0, dot), format: formatOf(file.slice(dot + 1)) };
}

/** The format an error answers in: the request's own extension, JSON when it has none. */
function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  return path.endsWith('.xml') ? 'xml' : 'json';
}

function send(
  reply: FastifyReply,
  format: Open311Format,
  shape: XmlShape,
  items: readonly object[],
) {
  return reply.type(CONTENT_TYPES[format]).send(serialise(format, shape, items));
}

function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: Open311Failure) {
  const retryAfter = (failure as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  return reply
    .code(failure.statusCode)
    .header('cache-control', 'no-store')
    .type(CONTENT_TYPES[formatOfUrl(request.url)])
    .send(serialise(formatOfUrl(request.url), 'errors', failure.errors));
}

/**
 * Open311 GeoReport v2 onto citizen observations, at /open311/v2: services are the observation
 * kinds; service requests are the public observation items (approved, moderated text, the
 * public cell's point); POST takes a form-encoded report into the observations' intake. Every
 * refusal answers the spec's error list in the format asked for.
 */
const open311Routes: FastifyPluginAsyncTypebox<Open311RouteOptions> = async (app, options) => {
  // Form bodies only here: the rest of the API takes JSON alone.
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  app.removeContentTypeParser('application/json');
  // Public reads for civic apps' pages on other origins; no credentials are involved (RFC 6454).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      void reply.header('access-control-allow-origin', '*');
    }
    return payload;
  });
  const keys = new Open311Keys(options.apiKeys);
  const reporters = new ReporterIdentity(app.pg);

  app.setErrorHandler((error: FastifyError | Open311Failure, request, reply) => {
    const failure = toOpen311Failure(error);
    if (failure.statusCode >= 500) request.log.error({ err: error }, 'open311 request failed');
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    return sendFailure(request, reply, failure);
  });
  // Other methods and paths under /open311/v2 (a GET of another path is the static files').
  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: 120, timeWindow: '1 minute' }) },
    (request, reply) =>
      sendFailure(request, reply, notFound(`${request.method} ${request.url} does not exist`)),
  );

  app.get(
    '/services.:format',
    {
      schema: {
        tags: TAGS,
        summary: `Service list (${SPEC}): one service per observation kind`,
        params: Open311FormatParamsSchema,
        querystring: Open311ServicesQuerySchema,
      },
    },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      const services = listServices(open311Text(request.query.lang));
      return send(
        reply.header('cache-control', 'public, max-age=3600'),
        format,
        'services',
        services,
      );
    },
  );

  app.get(
    '/requests.:format',
    {
      schema: {
        tags: TAGS,
        summary: `Service requests (${SPEC}): public, moderated observation items; 90 days, 1,000 at most`,
        params: Open311FormatParamsSchema,
        querystring: Open311RequestsQuerySchema,
      },
    },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      const text = open311Text(request.query.lang);
      const requests = await listRequests(app.pg, requestFilter(request.query), text);
      return send(
        reply.header('cache-control', 'public, max-age=60'),
        format,
        'requests',
        requests,
      );
    },
  );

  app.get(
    '/requests/:file',
    {
      schema: {
        tags: TAGS,
        summary: `One service request (${SPEC}), as an array of one; 404 unless public`,
        params: Open311RequestParamsSchema,
        querystring: Open311OneRequestQuerySchema,
      },
    },
    async (request, reply) => {
      const { name, format } = splitFile(request.params.file);
      const found = await getRequest(app.pg, name, open311Text(request.query.lang));
      return send(reply.header('cache-control', 'public, max-age=60'), format, 'requests', found);
    },
  );

  app.get(
    '/tokens/:file',
    {
      schema: {
        tags: TAGS,
        summary: `The service_request_id of a token from POST (${SPEC}), once moderated`,
        params: Open311RequestParamsSchema,
        querystring: Open311OneRequestQuerySchema,
      },
    },
    async (request, reply) => {
      const { name, format } = splitFile(request.params.file);
      const found = await requestOfToken(app.pg, name);
      return send(reply.header('cache-control', 'no-store'), format, 'requests', found);
    },
  );

  app.post(
    '/requests.:format',
    {
      config: { rateLimit: app.writeRateLimit },
      schema: {
        tags: TAGS,
        summary: `Create a service request (${SPEC}), form-encoded; it waits for moderation`,
        consumes: ['application/x-www-form-urlencoded'],
        params: Open311FormatParamsSchema,
        body: Open311CreateSchema,
      },
    },
    async (request, reply) => {
      const format = formatOf(request.params.format);
      const text = open311Text(undefined);
      keys.check(request.body.api_key);
      const created = await createRequest(app.records, {
        form: request.body,
        address: request.ip,
        reporters,
        limit: options.limit,
        text,
      });
      return send(reply.header('cache-control', 'no-store'), format, 'requests', created);
    },
  );
};

export default open311Routes;
