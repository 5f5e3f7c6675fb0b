/**
 * The baseline of benchmarks: a bare Fastify 5 server with one POST route. Fastify's default
 * JSON body parsing, no schema, no plugins, no logger; it answers 201 with a small JSON object.
 * Run with tsx; PORT (0 = any free port) and HOST as for Openbeat; stops on SIGTERM/SIGINT.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ logger: false });

app.post('/api/v1/incidents', async (request, reply) => {
  const received = typeof request.body === 'object' && request.body !== null;
  return reply.code(201).send({ id: randomUUID(), received });
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}

const address = await app.listen({
  port: Number(process.env.PORT ?? 0),
  host: process.env.HOST ?? '127.0.0.1',
});
console.log(`Bare Fastify is running at ${address.replace('127.0.0.1', 'localhost')}`);
