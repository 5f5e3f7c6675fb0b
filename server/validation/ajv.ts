import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';

/** An Ajv as every validator of the server uses it: all errors, no silent removal. */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, ...options });
  addFormats.default(ajv);
  return ajv;
}
