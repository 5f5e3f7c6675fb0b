import fp from 'fastify-plugin';
import { CommitSignal } from '../record/commit-signal.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Wakes this process's relays after a commit that appended events. */
    commits: CommitSignal;
  }
}

export default fp(
  (app, _options, done) => {
    app.decorate('commits', new CommitSignal());
    done();
  },
  { name: 'commit-signal' },
);
