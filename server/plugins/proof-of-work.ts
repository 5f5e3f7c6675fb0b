import fp from 'fastify-plugin';
import {
  DEFAULT_PROOF_OF_WORK,
  ProofOfWork,
  type ProofOfWorkOptions,
} from '../observations/proof-of-work.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Issues and redeems the self-hosted proof-of-work challenges of anonymous writes. */
    proofOfWork: ProofOfWork;
  }
}

export default fp<Partial<ProofOfWorkOptions>>(
  (app, options, done) => {
    app.decorate('proofOfWork', new ProofOfWork(app.pg, { ...DEFAULT_PROOF_OF_WORK, ...options }));
    done();
  },
  { name: 'proof-of-work', dependencies: ['database'] },
);
