import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export interface OpenedInput {
  /** The decompressed bytes. */
  stream: Readable;
  /** Size of the file as stored (compressed or not); undefined for stdin. */
  totalBytes: number | undefined;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Opens a file, or stdin for `-`, and gunzips it when its first bytes are the gzip magic
 * (whatever its name says). `onBytes` counts the bytes read as stored, for the progress bar.
 */
export async function openInput(
  file: string,
  onBytes: (count: number) => void = () => undefined,
): Promise<OpenedInput> {
  // stat first: a missing file is then an error here, not an unhandled stream 'error' event.
  const totalBytes = file === '-' ? undefined : (await stat(file)).size;
  const raw = file === '-' ? process.stdin : createReadStream(file);
  return { stream: await decompressIfGzip(raw, onBytes), totalBytes };
}

export async function decompressIfGzip(
  raw: Readable,
  onBytes: (count: number) => void = () => undefined,
): Promise<Readable> {
  const chunks = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  // Read until the magic can be decided: a pipe may hand over a single byte first.
  while (head.length < GZIP_MAGIC.length) {
    const next = await chunks.next();
    if (next.done) break;
    onBytes(next.value.length);
    head = Buffer.concat([head, next.value]);
  }
  async function* all() {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      onBytes(next.value.length);
      yield next.value;
    }
  }
  const joined = Readable.from(all(), { objectMode: false });
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) return joined;
  const gunzip = createGunzip();
  joined.on('error', (error) => gunzip.destroy(error));
  return joined.pipe(gunzip);
}

/** Reads a whole (small) input as text: for the formats that are parsed whole. */
export async function readAllText(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Decides between comma and tab from the header line (more tabs than commas: tab), and hands
 * back a stream that still starts at the header.
 */
export async function sniffDelimiter(
  input: Readable,
): Promise<{ delimiter: string; stream: Readable }> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  while (!head.includes(0x0a) && head.length < 65_536) {
    const next = await chunks.next();
    if (next.done) break;
    head = Buffer.concat([head, next.value]);
  }
  const end = head.indexOf(0x0a);
  const firstLine = head.subarray(0, end === -1 ? head.length : end).toString('utf8');
  const tabs = firstLine.split('\t').length;
  const commas = firstLine.split(',').length;
  async function* all() {
    if (head.length > 0) yield head;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const stream = Readable.from(all(), { objectMode: false });
  input.on('error', (error) => stream.destroy(error));
  return { delimiter: tabs > commas ? '\t' : ',', stream };
}

export function delimiterFlag(flag: string | undefined): string | undefined {
  if (flag === undefined) return undefined;
  return flag === 'tab' || flag === '\\t' ? '\t' : flag;
}
