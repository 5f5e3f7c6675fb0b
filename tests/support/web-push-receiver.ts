import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  verify,
  type ECDH,
} from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What a browser and a push service do with a Web Push message, written from the RFCs with
 * node:crypto alone (never with the web-push package the server sends with): a browser's keys
 * (RFC 8291), decryption of an aes128gcm body (RFC 8188 + RFC 8291), the check of the VAPID
 * JWT (RFC 8292), and a push service on a local port that records what it is sent.
 */

/** A browser's subscription keys: the P-256 pair (public sent as p256dh) and the auth secret. */
export interface BrowserKeys {
  ecdh: ECDH;
  p256dh: string;
  auth: string;
}

export function browserKeys(): BrowserKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    ecdh,
    p256dh: ecdh.getPublicKey().toString('base64url'),
    auth: randomBytes(16).toString('base64url'),
  };
}

const TAG_BYTES = 16;

/**
 * Decrypts an aes128gcm message (RFC 8188, section 2) with the key of RFC 8291, section 3.4:
 *   IKM = HKDF(salt=auth_secret, ikm=ECDH(ua_private, as_public),
 *              info="WebPush: info" 0x00 ua_public as_public, L=32)
 *   CEK = HKDF(salt, IKM, "Content-Encoding: aes128gcm" 0x00, 16)
 *   NONCE = HKDF(salt, IKM, "Content-Encoding: nonce" 0x00, 12)
 * One record (what a message under 4 kB is); its padding delimiter 0x02 marks the last.
 */
export function decryptAes128gcm(body: Buffer, keys: BrowserKeys): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body.readUInt8(20);
  const serverPublic = body.subarray(21, 21 + idLength);
  const records = body.subarray(21 + idLength);
  if (records.length > recordSize) throw new Error('more than one record');
  const secret = keys.ecdh.computeSecret(serverPublic);
  const info = Buffer.concat([
    Buffer.from('WebPush: info\0'),
    keys.ecdh.getPublicKey(),
    serverPublic,
  ]);
  const ikm = Buffer.from(
    hkdfSync('sha256', secret, Buffer.from(keys.auth, 'base64url'), info, 32),
  );
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: aes128gcm\0', 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: nonce\0', 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(records.subarray(records.length - TAG_BYTES));
  const padded = Buffer.concat([
    decipher.update(records.subarray(0, records.length - TAG_BYTES)),
    decipher.final(),
  ]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('the last record does not end with the delimiter 0x02');
  return padded.subarray(0, end).toString('utf8');
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

/**
 * Checks `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292, section 3): k is the key
 * expected, and the JWT's ES256 signature (r || s, JWS) verifies under it. Returns its claims.
 */
export function verifyVapid(authorization: string, expectedKey: string): VapidClaims {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization);
  if (!match) throw new Error(`not a vapid authorization: ${authorization}`);
  const [, jwt = '', key = ''] = match;
  if (key !== expectedKey) throw new Error('the vapid key is not the server’s push key');
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  const point = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) throw new Error('the vapid JWT signature does not verify');
  const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string };
  if (head.alg !== 'ES256') throw new Error(`vapid alg ${head.alg}`);
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as VapidClaims;
}

export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  answered: number;
}

/** A push service on a loopback port: records each POST and answers what `answer` says. */
export interface PushService {
  origin: string;
  received: ReceivedPush[];
  /** The status for the next request to a path (default 201). */
  answer: (path: string) => number;
  setAnswer(answer: (path: string) => number): void;
  close(): Promise<void>;
}

export async function startPushService(): Promise<PushService> {
  const received: ReceivedPush[] = [];
  let answer: (path: string) => number = () => 201;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      const status = answer(path);
      received.push({
        path,
        headers: request.headers,
        body: Buffer.concat(chunks),
        answered: status,
      });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    answer: (path) => answer(path),
    setAnswer: (next) => {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
