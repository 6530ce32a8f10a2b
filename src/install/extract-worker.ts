/**
 * Runs in a worker thread: receives the *compressed* archive in batches, hashes it (sha256, the
 * trust root), gunzips it, parses the tar stream with node-tar's Parser (headers, pax and GNU long
 * names, checksums) and writes the entries itself. The main thread only reads the source and
 * hands the bytes over: under CPU contention every hop between threads waits for a scheduler
 * slot, so hashing, gunzip and the writes all happen here (zlib still runs its inflate on libuv's
 * pool, which this thread's loop drives without waiting for the main thread).
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
import { createHash, type Hash } from 'node:crypto';
import { closeSync, constants, futimesSync, linkSync, lstatSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { EntryPolicy, safeMode, type QueuedLink } from './policy.js';

export type ToWorker = { type: 'chunk'; data: Uint8Array } | { type: 'end' };

/** What the worker computed over the stream, for the verifiers (verifiers/verifier.ts). */
export interface StreamDigests {
  /** sha256 of the compressed bytes received, hex; absent when the stream did not end. */
  sha256?: string;
  /** With `fileHashes` asked for: every regular file as the toolchain module names it (dirhash). */
  files?: Array<{ name: string; sha256: Uint8Array }>;
  /** Entries a module zip cannot hold (symlinks, hard links): h1 does not cover them. */
  uncovered?: string[];
}

export type FromWorker =
  | { type: 'ack'; bytes: number; buffer: ArrayBuffer }
  | { type: 'done'; entries: number; links: QueuedLink[]; digests: StreamDigests }
  | {
      type: 'error';
      kind: 'unsafe' | 'archive' | 'io' | 'gzip' | 'bomb';
      message: string;
      errno?: string;
      path?: string;
      digests?: StreamDigests;
    };

export interface WorkerData {
  cwd: string;
  maxEntries: number;
  /** Unpacked bytes at most (a gzip bomb stops here). */
  maxBytes: number;
  /**
   * Hash every regular file for Hash1 under `prefix` (`golang.org/toolchain@<mv>/`), as the
   * module zip of the same release names it: `go/` dropped, `go/{api,doc,misc,test}/` skipped,
   * every `go.mod` named `_go.mod` (golang.org/x/build's distpack does the same).
   */
  fileHashes?: { prefix: string };
}

const port = parentPort!;
const { cwd, maxEntries, maxBytes, fileHashes } = workerData as WorkerData;
const policy = new EntryPolicy();
// Keys without a trailing slash: a directory entry's path ("go/bin/") and a file's dirname
// ("go/bin") must find the same key, or every file pays a mkdir(2) and stats again.
const madeDirs = new Set<string>([trimSlash(cwd)]);
const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
const streamHash = createHash('sha256');
const files: Array<{ name: string; sha256: Uint8Array }> | undefined = fileHashes ? [] : undefined;
const uncovered: string[] = [];
let failed = false;
let ended = false;
let entries = 0;
let unpacked = 0;
let sha256: string | undefined;

function digests(): StreamDigests {
  return { sha256, files, uncovered: fileHashes ? uncovered : undefined };
}

function fail(msg: FromWorker & { type: 'error' }): void {
  if (failed) return;
  failed = true;
  port.postMessage({ ...msg, digests: digests() });
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith('/') ? p.replace(/\/+$/, '') : p;
}

function ensureDir(dir: string, mode = 0o755): void {
  const key = trimSlash(dir);
  if (madeDirs.has(key)) return;
  mkdirSync(key, { recursive: true, mode });
  // mkdir -p made the parents too: remember them, so none is asked about again.
  for (let d = key; d.length > cwd.length && !madeDirs.has(d); d = path.dirname(d)) madeDirs.add(d);
}

/** A later entry of the same name replaces an earlier one, as tar does; never a directory though. */
function clear(abs: string): void {
  const st = lstatSync(abs);
  if (st.isDirectory()) throw Object.assign(new Error(`${abs} is a directory`), { code: 'EISDIR' });
  unlinkSync(abs);
}

/** The module zip's name of an archive path, or undefined when the zip leaves the file out. */
function moduleName(p: string): string | undefined {
  if (!fileHashes) return undefined;
  const rel = trimSlash(p).replace(/^go\//, '');
  if (/^(api|doc|misc|test)\//.test(rel)) return undefined;
  const base = path.posix.basename(rel);
  const mapped = base === 'go.mod' ? `${rel.slice(0, rel.length - base.length)}_go.mod` : rel;
  return fileHashes.prefix + mapped;
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
  const name = moduleName(e.path);
  const h: Hash | undefined = name !== undefined ? createHash('sha256') : undefined;
  e.on('data', (chunk: Buffer) => {
    if (failed) return;
    h?.update(chunk);
    try {
      writeSync(fd, chunk);
    } catch (err) {
      ioFail(err, e.path);
    }
  });
  e.on('end', () => {
    try {
      if (e.mtime) futimesSync(fd, e.atime ?? e.mtime, e.mtime);
    } catch (err) {
      ioFail(err, e.path);
    } finally {
      closeSync(fd);
    }
    if (h && name !== undefined) files!.push({ name, sha256: h.digest() });
  });
}

function ioFail(err: unknown, p: string): void {
  const code = (err as NodeJS.ErrnoException).code;
  fail({ type: 'error', kind: 'io', message: (err as Error).message, errno: code, path: p });
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
    if (e.type === 'SymbolicLink' || (e.type === 'Link' && policy.isLink(e.path))) {
      if (moduleName(e.path) !== undefined) uncovered.push(e.path);
      return void e.resume();
    }
    if (e.type === 'Link') {
      if (moduleName(e.path) !== undefined) uncovered.push(e.path);
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
    ioFail(err, e.path);
    e.resume();
  }
}

const parser = new Parser({ strict: true, onReadEntry: onEntry });
parser.on('error', (err: Error) => fail({ type: 'error', kind: 'archive', message: err.message }));

// A large output chunk: fewer parser writes and callbacks per MiB.
const gunzip = createGunzip({ chunkSize: 256 * 1024 });
// Inflate runs on libuv's pool; the writes run here. zlib asks the pool for the next piece only
// after its 'data' handler returns, so the handler just queues the output and the writes happen
// in a later turn, while the pool inflates the next piece: the two overlap, as gunzip | tar do.
// The queue is bounded: past QUEUE_MAX bytes gunzip is paused until it drains.
const QUEUE_MAX = 4 * 256 * 1024;
const queue: Buffer[] = [];
let queued = 0;
let draining = false;
let inflated = false;

function unpackOut(out: Buffer): void {
  // A gzip bomb: a small archive that inflates without end. Stop before the disk fills.
  unpacked += out.length;
  if (unpacked > maxBytes) {
    fail({ type: 'error', kind: 'bomb', message: `it unpacks to more than ${maxBytes} bytes` });
    return;
  }
  try {
    parser.write(out);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    fail({ type: 'error', kind: code?.startsWith('E') ? 'io' : 'archive', message: (err as Error).message, errno: code });
  }
}

function drain(): void {
  while (queue.length > 0 && !failed) {
    const out = queue.shift()!;
    queued -= out.length;
    unpackOut(out);
  }
  draining = false;
  if (failed) return;
  if (gunzip.isPaused()) gunzip.resume();
  if (inflated) finish();
}

function finish(): void {
  if (failed) return;
  try {
    parser.end();
  } catch (err) {
    fail({ type: 'error', kind: 'archive', message: (err as Error).message });
  }
  if (!failed) port.postMessage({ type: 'done', entries, links: [...policy.links], digests: digests() } satisfies FromWorker);
}

gunzip.on('data', (out: Buffer) => {
  if (failed) return;
  queue.push(out);
  queued += out.length;
  if (queued > QUEUE_MAX) gunzip.pause();
  if (!draining) {
    draining = true;
    setImmediate(drain);
  }
});
gunzip.on('error', (err: Error) => fail({ type: 'error', kind: 'gzip', message: err.message, errno: (err as NodeJS.ErrnoException).code }));
gunzip.on('end', () => {
  inflated = true;
  if (!draining) finish();
});

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'chunk') {
    const buf = Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength);
    streamHash.update(buf);
    const ack = () =>
      port.postMessage({ type: 'ack', bytes: msg.data.byteLength, buffer: msg.data.buffer as ArrayBuffer } satisfies FromWorker, [
        msg.data.buffer as ArrayBuffer,
      ]);
    // Hand the buffer back for reuse once zlib has consumed it, so the main thread allocates
    // none while it streams (zlib's output never points into its input).
    if (failed) return ack();
    gunzip.write(buf, ack);
    return;
  }
  if (ended) return;
  ended = true;
  sha256 = streamHash.digest('hex');
  if (failed) return;
  // The verifier wants the stream's hash even when gzip finds the end cut short or damaged.
  gunzip.end();
});
