import type { PowChallenge, PowRequest, PowResponse } from './proof-of-work-types.js';
import { request } from './http.js';

/**
 * Anonymous writes carry a solved ALTCHA proof of work: the challenge comes from our own server
 * (GET /api/v1/challenge, no third party) and is solved in a worker, so the page stays
 * responsive. Resolves with the payload to send as `altcha`.
 */
export async function solveProofOfWork(
  onprogress?: (share: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const challenge = await request<PowChallenge>('/api/v1/challenge', {
    ...(signal && { signal }),
    cache: 'no-store',
  });
  const worker = new Worker(new URL('./proof-of-work.worker.ts', import.meta.url), {
    type: 'module',
  });
  try {
    return await new Promise<string>((resolve, reject) => {
      const abort = () => {
        reject(new DOMException('aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', abort, { once: true });
      worker.onmessage = (message: MessageEvent<PowResponse>) => {
        const answer = message.data;
        if (answer.type === 'progress') onprogress?.(answer.share);
        else if (answer.type === 'solved') resolve(answer.payload);
        else reject(new Error(answer.message));
      };
      worker.onerror = (event) => {
        reject(new Error(event.message || 'proof of work failed'));
      };
      worker.postMessage({ challenge } satisfies PowRequest);
    });
  } finally {
    worker.terminate();
  }
}
