import type { PublicEventRecord } from '../../../shared/audit/chain.js';
import type { AuditKey, SignedHead } from '../../../shared/audit/signed-head.js';

/** The largest page GET /api/v1/audit/events serves. */
export const EVENTS_PAGE_SIZE = 1000;

/** The server could not be asked (unreachable, an error status, not JSON): nothing was checked. */
export class FetchProblem extends Error {}

/** The public endpoints of a server's record, over HTTP, nothing trusted. */
export class AuditClient {
  constructor(private readonly base: URL) {}

  private async json<T>(path: string): Promise<T> {
    const url = new URL(path, this.base);
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' } });
    } catch (error) {
      throw new FetchProblem(
        `GET ${url.href} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      throw new FetchProblem(`GET ${url.href} answered ${response.status}: ${body.slice(0, 300)}`);
    }
    return (await response.json()) as T;
  }

  key(): Promise<AuditKey> {
    return this.json('/.well-known/openbeat-audit-key');
  }

  head(): Promise<SignedHead> {
    return this.json('/api/v1/audit/head');
  }

  async events(after: number, limit = EVENTS_PAGE_SIZE): Promise<PublicEventRecord[]> {
    const page = await this.json<{ events: PublicEventRecord[] }>(
      `/api/v1/audit/events?after=${after}&limit=${limit}`,
    );
    return page.events;
  }

  inclusion(event: number, head: number): Promise<{ leafHash: string; path: string[] }> {
    return this.json(`/api/v1/audit/proof/inclusion?event=${event}&head=${head}`);
  }

  consistency(from: number, to: number): Promise<{ proof: string[] }> {
    return this.json(`/api/v1/audit/proof/consistency?from=${from}&to=${to}`);
  }
}

/**
 * Every event 1..size, in order, a page at a time, with up to `parallel` pages in flight ahead
 * of the one being checked: downloading overlaps checking, and memory holds `parallel` pages.
 */
export async function* eventPages(
  client: AuditClient,
  size: number,
  parallel: number,
): AsyncGenerator<PublicEventRecord[]> {
  const pages = Math.ceil(size / EVENTS_PAGE_SIZE);
  const inFlight: Promise<PublicEventRecord[]>[] = [];
  let next = 0;
  const request = () => {
    const after = next * EVENTS_PAGE_SIZE;
    const page = client.events(after, Math.min(EVENTS_PAGE_SIZE, size - after));
    // Awaited in order later; a page failing before its turn must not count as unhandled.
    page.catch(() => undefined);
    inFlight.push(page);
    next += 1;
  };
  while (next < pages && inFlight.length < parallel) request();
  while (inFlight.length > 0) {
    const page = await (inFlight.shift() as Promise<PublicEventRecord[]>);
    if (next < pages) request();
    yield page;
  }
}
