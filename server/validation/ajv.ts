import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import { isDateTime } from '../../shared/schemas/date-time.js';

/**
 * An Ajv as every validator of the server uses it: all errors, no silent removal, and a
 * `date-time` that PostgreSQL accepts as well (shared/schemas/date-time.ts).
 */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, ...options });
  addFormats.default(ajv);
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  return ajv;
}
