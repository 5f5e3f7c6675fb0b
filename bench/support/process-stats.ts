/**
 * What a benchmark reads about another process on Linux: CPU time and resident memory from
 * /proc (of the process and its descendants), and V8 heap figures through the inspector of a
 * process started with `--inspect=127.0.0.1:0`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';

let clockTicks: number | undefined;

/** Clock ticks per second of /proc/<pid>/stat times (almost always 100). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    let ticks = Number.NaN;
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      // no getconf: fall through to the usual value
    }
    clockTicks = Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  }
  return clockTicks;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces): [0] is state. */
function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** The process and every live descendant of it. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFields(Number(entry))?.[1]);
    if (!Number.isInteger(parent)) continue;
    const list = children.get(parent) ?? [];
    list.push(Number(entry));
    children.set(parent, list);
  }
  const tree: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    tree.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return tree;
}

/** User + system CPU seconds used so far by the process and its descendants (all threads). */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const member of processTree(pid)) {
    const fields = statFields(member);
    // utime and stime are fields 14 and 15 of stat, so 11 and 12 after the command name.
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / ticksPerSecond();
}

/** Resident memory (VmRSS) of the process and its descendants, in bytes. */
export function rssBytes(pid: number): number {
  let kib = 0;
  for (const member of processTree(pid)) {
    try {
      const status = readFileSync(`/proc/${member}/status`, 'utf8');
      kib += Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    } catch {
      // it ended meanwhile
    }
  }
  return kib * 1024;
}

/** process.memoryUsage() of another Node process, read after a full garbage collection. */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** The URL of a child's inspector, from the line Node prints when it opens it. */
export const INSPECTOR_LINE = /Debugger listening on (ws:\/\/\S+)/;
/** The inspector's own lines, not worth passing on. */
export const INSPECTOR_CHATTER =
  /^(Debugger listening on |Debugger attached\.|Debugger ending on |For help, see: https:\/\/nodejs\.org\/)/;

/**
 * Connects to a Node inspector, collects garbage (twice, so that objects freed by finalizers go
 * too), reads process.memoryUsage() and disconnects: nothing stays attached while CPU is measured.
 */
export async function readMemory(inspectorUrl: string, timeoutMs = 30_000): Promise<MemoryReading> {
  const socket = new WebSocket(inspectorUrl);
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  socket.on('message', (data: WebSocket.RawData) => {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString()
      : data instanceof ArrayBuffer
        ? Buffer.from(data).toString()
        : data.toString();
    const message = JSON.parse(text) as { id?: number; result?: unknown; error?: unknown };
    if (message.id === undefined) return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiting?.reject(new Error(JSON.stringify(message.error)));
    else waiting?.resolve(message.result);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      nextId += 1;
      pending.set(nextId, { resolve, reject });
      socket.send(JSON.stringify({ id: nextId, method, params }));
    });
  const timer = setTimeout(() => {
    socket.terminate();
    for (const waiting of pending.values())
      waiting.reject(new Error('the inspector did not answer'));
  }, timeoutMs);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const result = (await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result?: { value?: unknown } };
    if (typeof result.result?.value !== 'string') throw new Error('no memoryUsage() from it');
    return JSON.parse(result.result.value) as MemoryReading;
  } finally {
    clearTimeout(timer);
    socket.close();
  }
}

/** The soft limit of open files of this process (what its children inherit), or undefined. */
export function openFileLimit(): number | undefined {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return soft === undefined ? undefined : Number(soft);
  } catch {
    return undefined;
  }
}
