import fp from 'fastify-plugin';
import { RecordWriter } from '../record/record-writer.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one way into the public record: rows and their events, chained, then the relays woken. */
    records: RecordWriter;
  }
}

export default fp(
  (app, _options, done) => {
    app.decorate('records', new RecordWriter(app.pg, app.commits));
    done();
  },
  { name: 'record', dependencies: ['database', 'commit-signal'] },
);
