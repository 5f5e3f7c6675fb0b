/**
 * The baseline of `npm run bench:realtime`: a bare `ws` WebSocket server that tails the same
 * events table as Openbeat's relay and sends each incident's public feature to every client whose
 * viewport holds its public point, with a plain loop over all clients. No socket.io, no spatial
 * index, no validation, no resume: the least a live map server must do.
 *
 * A client sends `{"bbox":[minLon,minLat,maxLon,maxLat]}` first and gets `{"ok":true}`; then it
 * receives `{"id","layer","type","feature"}` messages, as Openbeat's `event`. The relay wakes on
 * LISTEN openbeat_events (NOTIFY at each append) and reads at least every second, like Openbeat's.
 * Env: DATABASE_URL (required), PORT (0 = any free port), HOST. Stops on SIGTERM/SIGINT.
 */
import pg from 'pg';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

interface Client {
  socket: WebSocket;
  bbox: [number, number, number, number] | null;
}

interface Row {
  id: number;
  type: string;
  public: { feature?: { geometry?: { coordinates?: [number, number] } | null } };
}

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const POLL_MS = 1000;
const BATCH = 500;

const pool = new pg.Pool({ connectionString: url, max: 1 });
pool.on('error', () => undefined);
const clients = new Set<Client>();

const head = await pool.query<{ id: number }>('SELECT last_id::float8 AS id FROM event_chain_head');
let cursor = head.rows[0]?.id ?? 0;
let reading = false;
let again = false;

function send(row: Row): void {
  const feature = row.public.feature;
  const coordinates = feature?.geometry?.coordinates;
  if (!feature || !coordinates) return;
  const [lon, lat] = coordinates;
  const message = JSON.stringify({
    id: row.id,
    layer: 'incidents',
    type: row.type.endsWith('.created') ? 'created' : 'updated',
    feature,
  });
  for (const client of clients) {
    const bbox = client.bbox;
    if (bbox && lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3]) {
      client.socket.send(message);
    }
  }
}

const wokenAgain = () => again;

async function read(): Promise<void> {
  if (reading) {
    again = true;
    return;
  }
  reading = true;
  try {
    do {
      again = false;
      for (;;) {
        const result = await pool.query<Row>(
          "SELECT id::float8 AS id, type, public FROM events WHERE id > $1 AND entity_type = 'incident' ORDER BY id LIMIT $2",
          [cursor, BATCH],
        );
        for (const row of result.rows) send(row);
        cursor = result.rows[result.rows.length - 1]?.id ?? cursor;
        if (result.rows.length < BATCH) break;
      }
      // Woken while reading: a commit may have landed after the last read saw none.
    } while (wokenAgain());
  } catch (error) {
    console.error(`bare ws relay: read failed: ${String(error)}`);
  } finally {
    reading = false;
  }
}

const listener = new pg.Client({ connectionString: url, application_name: 'bare-ws-relay' });
listener.on('notification', () => void read());
await listener.connect();
await listener.query('LISTEN openbeat_events');
const poll = setInterval(() => void read(), POLL_MS);

const server = new WebSocketServer({
  port: Number(process.env.PORT ?? 0),
  host: process.env.HOST ?? '127.0.0.1',
  maxPayload: 16 * 1024,
});
server.on('connection', (socket) => {
  const client: Client = { socket, bbox: null };
  clients.add(client);
  socket.on('message', (data: RawData) => {
    try {
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : data instanceof ArrayBuffer
          ? Buffer.from(data)
          : data;
      const { bbox } = JSON.parse(bytes.toString()) as { bbox: Client['bbox'] };
      client.bbox = bbox;
      socket.send('{"ok":true}');
    } catch {
      socket.close(1003, 'expected {"bbox":[…]}');
    }
  });
  socket.on('close', () => clients.delete(client));
  socket.on('error', () => clients.delete(client));
});
await new Promise<void>((resolve) => server.once('listening', resolve));

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    clearInterval(poll);
    for (const client of clients) client.socket.terminate();
    server.close();
    void Promise.allSettled([listener.end(), pool.end()]).then(() => process.exit(0));
  });
}

const address = server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(`Bare ws relay is running at ws://localhost:${port}`);
