import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Another site (issue 14's embeds): a second local HTTP server, on its own port and so its own
 * origin, whose page holds one iframe. `pageUrl(src)` is the page framing `src`.
 */
export interface FrameHost {
  pageUrl(src: string, title?: string): string;
  close(): Promise<void>;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export async function startFrameHost(): Promise<FrameHost> {
  const server: Server = createServer((request, response) => {
    const query = new URL(request.url ?? '/', 'http://host').searchParams;
    const src = query.get('src') ?? 'about:blank';
    const title = query.get('title') ?? 'Embedded figures';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>A newspaper article</title></head>
  <body>
    <main>
      <h1>A newspaper article</h1>
      <iframe id="embed" title="${escapeAttribute(title)}" src="${escapeAttribute(src)}"
        width="480" height="900" loading="lazy"></iframe>
    </main>
  </body>
</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    pageUrl: (src, title) =>
      `http://127.0.0.1:${port}/?${new URLSearchParams({ src, ...(title ? { title } : {}) }).toString()}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
