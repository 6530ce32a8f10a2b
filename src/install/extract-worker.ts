/**
 * Runs in a worker thread: receives the gunzipped tar stream in batches, parses it with node-tar's
 * Parser (headers, pax and GNU long names, checksums) and writes the entries itself.
 *
 * Why not node-tar's Unpack: on a Go toolchain (13k entries) its per-entry machinery costs ~2.6 s
 * of CPU against ~0.9 s here, and file creation is most of an install. Writing ourselves is also
 * simpler to reason about for safety, because the target is a fresh, empty directory made by
 * mkdtemp and this worker never creates a symlink in it: EntryPolicy queues the archive's links,
 * and the main thread makes them only after the sha256 matched (src/install/links.ts). So no path
 * can be written through a link, whatever the archive says. On top of that every file is opened
 * O_EXCL|O_NOFOLLOW, modes lose setuid/setgid/sticky, and no owner from the archive is ever
 * applied (we never chown).
 */
import { closeSync, constants, futimesSync, linkSync, lstatSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { Parser, type ReadEntry } from 'tar';
import { EntryPolicy, safeMode, type QueuedLink } from './policy.js';

export type ToWorker = { type: 'chunk'; data: Uint8Array } | { type: 'end' };
export type FromWorker =
  | { type: 'ack'; bytes: number; buffer: ArrayBuffer }
  | { type: 'done'; entries: number; links: QueuedLink[] }
  | { type: 'error'; kind: 'unsafe' | 'archive' | 'io'; message: string; errno?: string; path?: string };

const port = parentPort!;
const { cwd, maxEntries } = workerData as { cwd: string; maxEntries: number };
const policy = new EntryPolicy();
const madeDirs = new Set<string>([cwd]);
const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
let failed = false;
let entries = 0;
let held: { bytes: number; buffer: ArrayBuffer } | undefined;

function fail(msg: FromWorker & { type: 'error' }): void {
  if (failed) return;
  failed = true;
  port.postMessage(msg);
}

function ensureDir(dir: string, mode = 0o755): void {
  if (madeDirs.has(dir)) return;
  mkdirSync(dir, { recursive: true, mode });
  madeDirs.add(dir);
}

/** A later entry of the same name replaces an earlier one, as tar does; never a directory though. */
function clear(abs: string): void {
  const st = lstatSync(abs);
  if (st.isDirectory()) throw Object.assign(new Error(`${abs} is a directory`), { code: 'EISDIR' });
  unlinkSync(abs);
}

function writeFile(abs: string, e: ReadEntry): void {
  let fd: number;
  const mode = safeMode(e.mode) ?? 0o644;
  try {
    fd = openSync(abs, OPEN_FLAGS, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    clear(abs);
    fd = openSync(abs, OPEN_FLAGS, mode);
  }
  e.on('data', (chunk: Buffer) => {
    if (!failed) writeSync(fd, chunk);
  });
  e.on('end', () => {
    try {
      if (e.mtime) futimesSync(fd, e.atime ?? e.mtime, e.mtime);
    } finally {
      closeSync(fd);
    }
  });
}

function onEntry(e: ReadEntry): void {
  if (failed) return void e.resume();
  const why = policy.check({ path: e.path, type: e.type, linkpath: e.linkpath });
  if (why) {
    fail({ type: 'error', kind: 'unsafe', message: why, path: e.path });
    return void e.resume();
  }
  if (++entries > maxEntries) {
    fail({
      type: 'error',
      kind: 'unsafe',
      message: `it has more than ${maxEntries} entries (an official toolchain has about 15,000)`,
      path: e.path,
    });
    return void e.resume();
  }
  const abs = path.join(cwd, e.path);
  try {
    if (e.type === 'Directory') {
      ensureDir(abs, (safeMode(e.mode) ?? 0o755) | 0o700);
      return void e.resume();
    }
    ensureDir(path.dirname(abs));
    // Symlinks, and hard links to them, were queued by the policy: made after verification.
    if (e.type === 'SymbolicLink' || (e.type === 'Link' && policy.isLink(e.path))) return void e.resume();
    if (e.type === 'Link') {
      const make = () => linkSync(path.join(cwd, e.linkpath!), abs);
      try {
        make();
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        clear(abs);
        make();
      }
      return void e.resume();
    }
    writeFile(abs, e);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    fail({ type: 'error', kind: 'io', message: (err as Error).message, errno: code, path: e.path });
    e.resume();
  }
}

const parser = new Parser({ strict: true, onReadEntry: onEntry });
parser.on('error', (err: Error) => fail({ type: 'error', kind: 'archive', message: err.message }));

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'chunk') {
    if (!failed) {
      try {
        parser.write(Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        fail({ type: 'error', kind: code?.startsWith('E') ? 'io' : 'archive', message: (err as Error).message, errno: code });
      }
    }
    // Hand the previous buffer back for reuse, so the main thread allocates none while it streams.
    // Not this one: the parser may keep a view of its tail (a header split across two batches)
    // until the next write.
    if (held) port.postMessage({ type: 'ack', bytes: held.bytes, buffer: held.buffer } satisfies FromWorker, [held.buffer]);
    held = { bytes: msg.data.byteLength, buffer: msg.data.buffer as ArrayBuffer };
    return;
  }
  if (!failed) {
    try {
      parser.end();
    } catch (err) {
      fail({ type: 'error', kind: 'archive', message: (err as Error).message });
    }
  }
  if (!failed) port.postMessage({ type: 'done', entries, links: [...policy.links] } satisfies FromWorker);
});
