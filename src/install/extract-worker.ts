/**
 * Runs in a worker thread: receives the gunzipped tar stream in batches and unpacks it with
 * node-tar's synchronous unpacker. File creation is most of an install's cost; doing it here
 * leaves the main thread to download, hash and gunzip in parallel (and to keep the lock fresh).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UnpackSync } from 'tar';
import { EntryPolicy, safeMode } from './policy.js';

export type ToWorker = { type: 'chunk'; data: Uint8Array } | { type: 'end' };
export type FromWorker =
  | { type: 'ack'; bytes: number }
  | { type: 'done'; entries: number }
  | { type: 'error'; kind: 'unsafe' | 'archive' | 'io'; message: string; errno?: string; path?: string };

const port = parentPort!;
const { cwd } = workerData as { cwd: string };
const policy = new EntryPolicy();
let failed = false;
let entries = 0;

function fail(msg: FromWorker & { type: 'error' }): void {
  if (failed) return;
  failed = true;
  port.postMessage(msg);
}

const unpack = new UnpackSync({
  cwd,
  strict: true,
  // node-tar applies the archive's uid/gid by default when run as root: never do that.
  preserveOwner: false,
  filter: (p: string, entry: unknown) => {
    const e = entry as { path: string; type: string; linkpath?: string; mode?: number };
    if (failed) return false;
    const why = policy.check({ path: p, type: e.type, linkpath: e.linkpath });
    if (why) {
      fail({ type: 'error', kind: 'unsafe', message: why, path: p });
      return false;
    }
    e.mode = safeMode(e.mode);
    entries++;
    return true;
  },
});

unpack.on('error', (err: Error & { code?: string; tarCode?: string; path?: string }) => {
  const io = err.code && /^E[A-Z]+$/.test(err.code) ? err.code : undefined;
  if (err.code === 'TAR_BAD_ARCHIVE' || err.tarCode === 'TAR_BAD_ARCHIVE') {
    fail({ type: 'error', kind: 'archive', message: err.message });
  } else if (err.name === 'SymlinkError' || err.code === 'TAR_ENTRY_ERROR' || err.tarCode === 'TAR_ENTRY_ERROR') {
    fail(io ? { type: 'error', kind: 'io', message: err.message, errno: io, path: err.path } : { type: 'error', kind: 'unsafe', message: err.message });
  } else if (io) {
    fail({ type: 'error', kind: 'io', message: err.message, errno: io, path: err.path });
  } else {
    fail({ type: 'error', kind: 'archive', message: err.message });
  }
});

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'chunk') {
    if (!failed) {
      try {
        unpack.write(Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength));
      } catch (err) {
        fail({ type: 'error', kind: 'io', message: (err as Error).message, errno: (err as { code?: string }).code });
      }
    }
    port.postMessage({ type: 'ack', bytes: msg.data.byteLength } satisfies FromWorker);
    return;
  }
  if (!failed) {
    try {
      unpack.end();
    } catch (err) {
      fail({ type: 'error', kind: 'archive', message: (err as Error).message });
    }
  }
  if (!failed) port.postMessage({ type: 'done', entries } satisfies FromWorker);
});
