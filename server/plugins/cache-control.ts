import fp from 'fastify-plugin';

type HeaderValue = string | number | string[] | undefined;

/** The Vary header with `Authorization` added to what is there already. */
export function varyOnAuthorization(current: HeaderValue): string {
  const fields = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  if (fields.includes('*')) return '*';
  const named = fields.some((field) => field.toLowerCase() === 'authorization');
  return (named ? fields : [...fields, 'Authorization']).join(', ');
}

/**
 * What a cache may keep. An answer to a request with credentials may carry exact locations
 * (the dispatcher's view) or a key's details: no cache may store it (`no-store`, RFC 9111
 * §5.2.2.5). Every answer varies on `Authorization`, so a shared cache never gives one caller's
 * view of a URL to another: the public's cached tile to a dispatcher or the reverse.
 */
export default fp(
  (app, _options, done) => {
    app.addHook('onSend', async (request, reply, payload) => {
      void reply.header('vary', varyOnAuthorization(reply.getHeader('vary')));
      if (request.headers.authorization !== undefined) {
        void reply.header('cache-control', 'no-store');
      }
      return payload;
    });
    done();
  },
  { name: 'cache-control' },
);
