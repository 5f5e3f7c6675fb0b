import { createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type pg from 'pg';
import { ProofOfWorkError } from '../errors.js';
import type { Queryable } from '../record/record-session.js';
import { serverSecret } from '../secrets/server-secret.js';
import { DELETE_EXPIRED_CHALLENGES, INSERT_USED_CHALLENGE } from './observations.queries.js';

/**
 * The self-hosted proof of work an anonymous report carries (ALTCHA, https://altcha.org; no
 * third-party captcha): PBKDF2/SHA-256 in ALTCHA v2's deterministic mode, so the client searches
 * about `counter` derivations and the server checks one. The HMAC key is a server secret kept in
 * the database, so every process issues and checks the same challenges.
 */
export interface ProofOfWorkOptions {
  /** PBKDF2 iterations per attempt. */
  cost: number;
  /** The counter the client must find lies in [counterMin, counterMax]. */
  counterMin: number;
  counterMax: number;
  /** How long a challenge may be solved and used. */
  expiresInSeconds: number;
}

export const DEFAULT_PROOF_OF_WORK: ProofOfWorkOptions = {
  cost: 1_000,
  counterMin: 1_000,
  counterMax: 4_000,
  expiresInSeconds: 600,
};

interface Secrets {
  signature: string;
  keySignature: string;
}

interface SolvedPayload {
  challenge: Challenge;
  solution: { counter: number; derivedKey: string };
}

/** The widget posts base64 of the JSON `{ challenge, solution }`; plain JSON is taken too. */
function parsePayload(text: string): SolvedPayload | null {
  try {
    const json = text.trimStart().startsWith('{')
      ? text
      : Buffer.from(text, 'base64').toString('utf8');
    const parsed = JSON.parse(json) as {
      challenge?: { parameters?: { nonce?: unknown } };
      solution?: { counter?: unknown; derivedKey?: unknown };
    } | null;
    if (
      !parsed ||
      typeof parsed.challenge?.parameters?.nonce !== 'string' ||
      typeof parsed.solution?.counter !== 'number' ||
      typeof parsed.solution.derivedKey !== 'string'
    ) {
      return null;
    }
    return parsed as unknown as SolvedPayload;
  } catch {
    return null;
  }
}

export class ProofOfWork {
  #secrets: Promise<Secrets> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: ProofOfWorkOptions,
  ) {}

  /**
   * Reads (on first use, makes) the HMAC keys, on the pool: never inside a write's transaction,
   * where a secret made and then rolled back would stay cached. Call before redeeming in one.
   */
  prepare(): Promise<unknown> {
    return this.#keys();
  }

  #keys(): Promise<Secrets> {
    this.#secrets ??= serverSecret(this.pool, 'altcha_hmac').then(
      (secret) => ({
        signature: secret.toString('hex'),
        keySignature: createHmac('sha256', secret).update('altcha-key-signature').digest('hex'),
      }),
      (error: unknown) => {
        this.#secrets = undefined;
        throw error;
      },
    );
    return this.#secrets;
  }

  async challenge(): Promise<Challenge> {
    const keys = await this.#keys();
    return createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: this.options.cost,
      counter: randomInt(this.options.counterMax, this.options.counterMin),
      deriveKey,
      expiresAt: new Date(Date.now() + this.options.expiresInSeconds * 1000),
      hmacSignatureSecret: keys.signature,
      hmacKeySignatureSecret: keys.keySignature,
    });
  }

  /**
   * Checks a solved challenge and uses it up: a solution is good once, in any process (the
   * used ones are kept in the database until their challenge expires). Throws ProofOfWorkError.
   * Inside a transaction, pass its client: the embedded database has one connection only.
   */
  async redeem(payloadText: string | undefined, db: Queryable = this.pool): Promise<void> {
    if (payloadText === undefined || payloadText === '') {
      throw new ProofOfWorkError('An anonymous report needs a solved proof-of-work challenge');
    }
    const payload = parsePayload(payloadText);
    if (!payload) throw new ProofOfWorkError('The proof of work is not readable');
    const keys = await this.#keys();
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: keys.signature,
      hmacKeySignatureSecret: keys.keySignature,
    }).catch(() => null);
    const expiresAt = payload.challenge.parameters.expiresAt;
    if (!result?.verified || typeof expiresAt !== 'number') {
      throw new ProofOfWorkError(
        result?.expired
          ? 'The proof-of-work challenge has expired; ask for a new one'
          : 'The proof of work is not valid',
      );
    }
    await db.query(DELETE_EXPIRED_CHALLENGES);
    const used = await db.query(INSERT_USED_CHALLENGE, [
      payload.challenge.parameters.nonce,
      new Date(expiresAt * 1000),
    ]);
    if (used.rowCount === 0) {
      throw new ProofOfWorkError('This proof of work was used already; ask for a new challenge');
    }
  }
}
