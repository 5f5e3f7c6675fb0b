import type { ErrorObject, ValidateFunction } from 'ajv';

/** The JSON Pointer of the first non-finite number in `data`, or null when there is none. */
function nonFinitePath(data: unknown, path = ''): string | null {
  if (typeof data === 'number') return Number.isFinite(data) ? null : path || '/';
  if (data === null || typeof data !== 'object') return null;
  for (const [key, value] of Object.entries(data)) {
    const found = nonFinitePath(value, `${path}/${key}`);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Ajv's coercion turns the text "Infinity" or "1e999" into ±Infinity and then skips `minimum`
 * and `maximum`, which only look at finite numbers, so `?limit=Infinity` reached PostgreSQL
 * (ajv-validator/ajv#2212, fastify/fastify#6718, open in ajv 8.20). Coerced input gets this
 * second look until ajv refuses them itself.
 */
export function finiteNumbersOnly(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown) => {
    const valid = validate(data);
    checked.errors = validate.errors;
    if (!valid) return false;
    const path = nonFinitePath(data);
    if (path === null) return true;
    const error: ErrorObject = {
      instancePath: path,
      schemaPath: '#',
      keyword: 'type',
      params: { type: 'number' },
      message: 'must be a finite number',
    };
    checked.errors = [error];
    return false;
  }) as ValidateFunction;
  return checked;
}
