import fp from 'fastify-plugin';
import { createAjv } from '../validation/ajv.js';
import { finiteNumbersOnly } from '../validation/finite-numbers.js';

/**
 * Bodies are validated as sent: "12" is not a number and an unknown property is an error, not
 * silently dropped. Query strings and path parameters arrive as text, so those are coerced.
 */
export default fp(
  (app, _options, done) => {
    const strict = createAjv({ coerceTypes: false });
    const coercing = createAjv({ coerceTypes: 'array' });
    app.setValidatorCompiler(({ schema, httpPart }) =>
      httpPart === 'body' ? strict.compile(schema) : finiteNumbersOnly(coercing.compile(schema)),
    );
    done();
  },
  { name: 'validation' },
);
