import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorBody } from '../../shared/schemas/common.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { describeValidation } from '../validation/validation-details.js';

/** Fastify's own codes for bad requests, answered in the shape of every error (ErrorSchema). */
const FRAMEWORK_ERRORS: Record<string, { status: number; error: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    error: 'invalid_json',
    message: 'The body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    error: 'invalid_json',
    message: 'The body is empty but the content type says JSON',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    error: 'body_too_large',
    message: 'The body is larger than the 64 KB this API accepts',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    error: 'unsupported_media_type',
    message: 'Send the body as application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    error: 'invalid_content_length',
    message: 'The Content-Length header does not match the body',
  },
};

/**
 * The request's own stream failed: the client closed the connection before its body arrived.
 * Fastify hands that on with a 400 and Node's socket code; it says nothing about the database.
 */
function isAbortedUpload(error: FastifyError): boolean {
  return isClientError(error) && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code);
}

function isClientError(error: FastifyError): boolean {
  return typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500;
}

/** `forbidden` for 403, `uri_too_long` for 414: the code a status has when nothing names one. */
function codeOfStatus(status: number): string {
  const reason = STATUS_CODES[status] ?? 'Bad Request';
  return reason
    .toLowerCase()
    .replace(/[^a-z]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** Our coded errors (server/errors.ts; @fastify/error upper-cases their codes) and rate limits. */
function clientErrorCode(error: FastifyError, status: number): string {
  if (
    typeof error.code === 'string' &&
    /^[A-Z_]+$/.test(error.code) &&
    !error.code.startsWith('FST_')
  ) {
    return error.code.toLowerCase();
  }
  const named = (error as { error?: unknown }).error;
  return typeof named === 'string' ? named : codeOfStatus(status);
}

export function toErrorResponse(error: FastifyError): { status: number; body: ErrorBody } {
  if (error.validation) {
    return {
      status: 400,
      body: {
        error: 'invalid_request',
        message: `The ${error.validationContext ?? 'request'} is not valid`,
        details: describeValidation(error.validation, error.validationContext),
      },
    };
  }
  const framework = FRAMEWORK_ERRORS[error.code];
  if (framework) {
    return {
      status: framework.status,
      body: { error: framework.error, message: framework.message },
    };
  }
  if (isAbortedUpload(error)) {
    return {
      status: 400,
      body: {
        error: 'request_aborted',
        message: 'The connection closed before the whole request arrived',
      },
    };
  }
  // An error Fastify already gave a 4xx is about the request, whatever its code says.
  if (!isClientError(error) && isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: {
        error: 'database_unavailable',
        message: 'The database is unavailable; try again shortly',
      },
    };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, body: { error: clientErrorCode(error, status), message: error.message } };
  }
  return {
    status: 500,
    body: { error: 'internal_error', message: 'Something went wrong on our side' },
  };
}

/** One error handler: 4xx messages pass through, 5xx become a generic sentence and are logged. */
export default fp(
  (app, _options, done) => {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = toErrorResponse(error);
      // A database that is down is an outage to watch, not a defect of this request.
      if (status === 503) request.log.warn({ err: error }, 'database unavailable');
      else if (status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: body.error, status }, 'request refused');
      if (status === 503) void reply.header('Retry-After', '5');
      const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (status === 429 && typeof retryAfter === 'number') {
        void reply.header('Retry-After', String(retryAfter));
      }
      return reply.code(status).type('application/json').send(body);
    });
    app.setNotFoundHandler(
      { preHandler: app.rateLimit({ max: 120, timeWindow: '1 minute' }) },
      (request, reply) => {
        const body: ErrorBody = {
          error: 'not_found',
          message: `${request.method} ${request.url} does not exist`,
        };
        return reply.code(404).send(body);
      },
    );
    done();
  },
  { name: 'errors', dependencies: ['rate-limit'] },
);
