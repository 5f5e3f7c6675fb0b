import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import fp from 'fastify-plugin';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, ...options });
  addFormats.default(ajv);
  return ajv;
}

/**
 * Bodies are validated as sent: "12" is not a number and an unknown property is an error, not
 * silently dropped. Query strings and path parameters arrive as text, so those are coerced.
 */
export default fp(
  (app, _options, done) => {
    const strict = makeAjv({ coerceTypes: false });
    const coercing = makeAjv({ coerceTypes: 'array' });
    app.setValidatorCompiler(({ schema, httpPart }) =>
      (httpPart === 'body' ? strict : coercing).compile(schema),
    );
    done();
  },
  { name: 'validation' },
);
