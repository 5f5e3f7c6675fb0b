import { solveChallenge } from 'altcha-lib';
import { deriveKey as pbkdf2 } from 'altcha-lib/algorithms/web/pbkdf2';
import { deriveKey as sha } from 'altcha-lib/algorithms/web/sha';
import type { Challenge } from 'altcha-lib/types';
import { solveChallenge as solveV1 } from 'altcha-lib/v1';
import {
  encodePayload,
  isV2Challenge,
  type PowChallenge,
  type PowRequest,
  type PowResponse,
  type V1Challenge,
} from './proof-of-work-types.js';

/** Solves one ALTCHA challenge off the page's thread (proof-of-work.ts starts it). */
interface WorkerScope {
  postMessage(message: PowResponse): void;
  onmessage: ((event: MessageEvent<PowRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

function reply(message: PowResponse) {
  scope.postMessage(message);
}

async function solveVersion2(challenge: Challenge): Promise<string> {
  const algorithm = challenge.parameters.algorithm;
  const deriveKey = algorithm.startsWith('PBKDF2/') ? pbkdf2 : sha;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('no solution found in time');
  return encodePayload({ challenge, solution });
}

async function solveVersion1(challenge: V1Challenge): Promise<string> {
  const max = challenge.maxnumber ?? challenge.maxNumber;
  const { promise } = solveV1(challenge.challenge, challenge.salt, challenge.algorithm, max);
  const solution = await promise;
  if (!solution) throw new Error('no solution found');
  return encodePayload({
    algorithm: challenge.algorithm,
    challenge: challenge.challenge,
    number: solution.number,
    salt: challenge.salt,
    signature: challenge.signature,
    took: solution.took,
  });
}

function solve(challenge: PowChallenge): Promise<string> {
  return isV2Challenge(challenge)
    ? solveVersion2(challenge as unknown as Challenge)
    : solveVersion1(challenge);
}

scope.onmessage = (event: MessageEvent<PowRequest>) => {
  reply({ type: 'progress', share: 0 });
  solve(event.data.challenge).then(
    (payload) => {
      reply({ type: 'solved', payload });
    },
    (error: unknown) => {
      reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    },
  );
};
