import type { FastifyError } from 'fastify';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../server/db/unavailable.js';
import { toErrorResponse } from '../../server/plugins/errors.js';

/** An error as node-postgres reports a server's ErrorResponse. */
function serverError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  error.severity = 'FATAL';
  return error;
}

function systemError(code: string, message: string, extra: object = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

const UNAVAILABLE: [string, unknown][] = [
  [
    'admin shutdown (pg_terminate_backend)',
    serverError('57P01', 'terminating connection due to administrator command'),
  ],
  [
    'crash shutdown',
    serverError('57P02', 'terminating connection because of crash of another server process'),
  ],
  ['starting up', serverError('57P03', 'the database system is starting up')],
  ['shutting down', serverError('57P03', 'the database system is shutting down')],
  ['too many clients', serverError('53300', 'sorry, too many clients already')],
  [
    'not accepting connections',
    serverError('55000', 'database "x" is not currently accepting connections'),
  ],
  ['connection failure', serverError('08006', 'connection failure')],
  ['protocol violation', serverError('08P01', 'protocol violation')],
  [
    'refused',
    systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432', { syscall: 'connect' }),
  ],
  ['reset', systemError('ECONNRESET', 'read ECONNRESET', { syscall: 'read' })],
  ['broken pipe', systemError('EPIPE', 'write EPIPE', { syscall: 'write' })],
  ['lost mid-query', new Error('Connection terminated unexpectedly')],
  ['lost before', new Error('Client has encountered a connection error and is not queryable')],
  ['pool wait', new Error('timeout exceeded when trying to connect')],
  [
    'every address refused',
    new AggregateError([systemError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')], 'refused'),
  ],
  [
    'wrapped',
    new Error('writing the batch failed', { cause: serverError('57P01', 'terminating') }),
  ],
];

const NOT_UNAVAILABLE: [string, unknown][] = [
  ['syntax error', serverError('42601', 'syntax error at or near "SELEC"')],
  ['unique violation', serverError('23505', 'duplicate key value violates unique constraint')],
  ['invalid input', serverError('22007', 'invalid input syntax for type timestamp')],
  ['cancelled statement', serverError('57014', 'canceling statement due to statement timeout')],
  ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ['nothing', undefined],
  ['a string', 'ECONNRESET'],
];

describe('isDatabaseUnavailable', () => {
  it.each(UNAVAILABLE)('takes %s for a database that cannot serve now', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each(NOT_UNAVAILABLE)('takes %s for something else', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('toErrorResponse', () => {
  it.each(UNAVAILABLE)('answers %s with 503 database_unavailable', (_name, error) => {
    const { status, body } = toErrorResponse(error as FastifyError);
    expect(status).toBe(503);
    expect(body.error).toBe('database_unavailable');
  });

  it('answers an upload the client cut off with 400, not as a database failure', () => {
    // What Node emits on the request stream when the socket closes before the body is in, with
    // the 400 Fastify gives it.
    const aborted = systemError('ECONNRESET', 'aborted', { statusCode: 400 });
    expect(toErrorResponse(aborted as FastifyError)).toEqual({
      status: 400,
      body: {
        error: 'request_aborted',
        message: 'The connection closed before the whole request arrived',
      },
    });
  });

  it.each([
    [403, 'forbidden'],
    [404, 'not_found'],
    [405, 'method_not_allowed'],
    [414, 'uri_too_long'],
    [431, 'request_header_fields_too_large'],
  ])('gives an uncoded %i the code its status names', (statusCode, code) => {
    const error = Object.assign(new Error('Forbidden'), { statusCode });
    expect(toErrorResponse(error as FastifyError)).toEqual({
      status: statusCode,
      body: { error: code, message: 'Forbidden' },
    });
  });

  it('keeps a 500 for a failure that is not about availability', () => {
    expect(toErrorResponse(serverError('42601', 'syntax error') as FastifyError).status).toBe(500);
  });
});
