/** An ALTCHA challenge: version 2 (`parameters`) or version 1 (`challenge`, `salt`, …). */
export type PowChallenge = V2Challenge | V1Challenge;

export interface V2Challenge {
  parameters: { algorithm: string; [key: string]: unknown };
  signature?: string;
}

export interface V1Challenge {
  algorithm: string;
  challenge: string;
  salt: string;
  signature: string;
  maxnumber?: number;
  maxNumber?: number;
}

export function isV2Challenge(challenge: PowChallenge): challenge is V2Challenge {
  return typeof (challenge as V2Challenge).parameters === 'object';
}

export interface PowRequest {
  challenge: PowChallenge;
}

export type PowResponse =
  | { type: 'progress'; share: number }
  | { type: 'solved'; payload: string }
  | { type: 'failed'; message: string };

/** The `altcha` field: base64 of the JSON the ALTCHA server libraries parse. */
export function encodePayload(value: unknown): string {
  return btoa(JSON.stringify(value));
}
