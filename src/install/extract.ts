import { Worker } from 'node:worker_threads';
import { Writable } from 'node:stream';
import workerSource from 'gosw:extract-worker';
import { GoswError } from '../errors.js';
import { formatBytes } from './progress.js';
import type { FromWorker, StreamDigests, ToWorker, WorkerData } from './extract-worker.js';
import type { QueuedLink } from './policy.js';

// Bytes per message: a toolchain is ~70 batches, so the per-message cost is nothing, and the
// worker's gunzip gets input big enough to run without waiting on the next message.
const BATCH = 512 * 1024;
// Backpressure: bounds memory whatever the network speed. Wide, so that the main thread (which
// reads the socket) and the worker (which does all the work) seldom wait for each other when
// other processes take the CPUs in turn.
const IN_FLIGHT = 8 * BATCH;

export interface Extraction {
  /** Write the *compressed* archive here: the worker hashes, gunzips and unpacks it. */
  sink: Writable;
  /** Resolves when the worker has unpacked everything; rejects on an unsafe or broken archive. */
  done: Promise<Unpacked>;
  abort(): Promise<void>;
}

export interface Unpacked {
  entries: number;
  /** The archive's symlinks, not yet created: only after verification (links.ts). */
  links: QueuedLink[];
  digests: StreamDigests;
}

/** Bounds on what one archive may unpack to (see limits.ts). */
export interface ExtractLimits {
  maxBytes: number;
  maxEntries: number;
}

/** The error of a failed extraction, with what the worker had hashed by then. */
export class ExtractionError extends GoswError {
  constructor(
    base: GoswError,
    readonly kind: string,
    readonly digests: StreamDigests | undefined,
  ) {
    super(base.code, base.message, { hint: base.hint, cause: base.cause });
  }
}

/** Unpacks a .tar.gz into `cwd` on a worker thread (which also hashes it, see extract-worker.ts). */
export function startExtraction(
  cwd: string,
  archiveName: string,
  limits: ExtractLimits,
  opts: { fileHashes?: { prefix: string } } = {},
): Extraction {
  const data: WorkerData = { cwd, maxEntries: limits.maxEntries, maxBytes: limits.maxBytes, fileHashes: opts.fileHashes };
  const worker = new Worker(workerSource, { eval: true, workerData: data });
  let inFlight = 0;
  let waiting: (() => void) | undefined;
  const spare: ArrayBuffer[] = [];
  const fresh = () => {
    const ab = spare.pop();
    return ab ? Buffer.from(ab, 0, BATCH) : Buffer.allocUnsafeSlow(BATCH);
  };
  let batch = fresh();
  let used = 0;
  let failure: GoswError | undefined;
  let resolveDone!: (u: Unpacked) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<Unpacked>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  done.catch(() => {}); // observed by the caller through the sink or by awaiting done

  const post = (msg: ToWorker, transfer?: ArrayBuffer[]) => worker.postMessage(msg, transfer);
  const flush = () => {
    if (used === 0) return;
    const view = new Uint8Array(batch.buffer, batch.byteOffset, used);
    inFlight += used;
    post({ type: 'chunk', data: view }, [batch.buffer as ArrayBuffer]);
    batch = fresh();
    used = 0;
  };
  const wake = () => {
    const w = waiting;
    waiting = undefined;
    w?.();
  };

  worker.on('message', (msg: FromWorker) => {
    if (msg.type === 'ack') {
      inFlight -= msg.bytes;
      if (msg.buffer.byteLength === BATCH) spare.push(msg.buffer);
      // The worker ran dry: hand over what has come in since, however little (a slow download).
      if (inFlight === 0 && !failure) flush();
      if (inFlight <= IN_FLIGHT / 2) wake();
    } else if (msg.type === 'done') {
      resolveDone({ entries: msg.entries, links: msg.links, digests: msg.digests });
      void worker.terminate();
    } else {
      failure = new ExtractionError(toError(msg, archiveName, limits), msg.kind, msg.digests);
      rejectDone(failure);
      wake();
      void worker.terminate();
    }
  });
  worker.on('error', (err) => {
    failure = new GoswError('IO', `unpacking ${archiveName} failed: ${err.message}`, { cause: err });
    rejectDone(failure);
    wake();
  });

  const sink = new Writable({
    highWaterMark: BATCH,
    write(chunk: Buffer, _enc, cb) {
      if (failure) return cb(failure);
      let off = 0;
      while (off < chunk.length) {
        const n = Math.min(chunk.length - off, BATCH - used);
        chunk.copy(batch, used, off, off + n);
        used += n;
        off += n;
        if (used === BATCH) flush();
      }
      // Batches grow while the worker is busy and go at once while it waits: a fast source sends
      // few big messages, a slow one keeps the worker unpacking what has arrived.
      if (inFlight === 0) flush();
      if (inFlight > IN_FLIGHT) waiting = () => cb(failure);
      else cb();
    },
    final(cb) {
      if (failure) return cb(failure);
      flush();
      post({ type: 'end' });
      done.then(
        () => cb(),
        (e: Error) => cb(e),
      );
    },
  });

  return {
    sink,
    done,
    abort: async () => {
      await worker.terminate();
    },
  };
}

function toError(msg: FromWorker & { type: 'error' }, archiveName: string, limits: ExtractLimits): GoswError {
  if (msg.kind === 'bomb') {
    return new GoswError('UNSAFE_ARCHIVE', `unsafe archive ${archiveName}: it unpacks to more than ${formatBytes(limits.maxBytes)}`, {
      hint: 'no Go toolchain is that large (a gzip bomb?); nothing was installed',
    });
  }
  if (msg.kind === 'unsafe') {
    return new GoswError('UNSAFE_ARCHIVE', `unsafe archive ${archiveName}: ${msg.message}`, {
      hint: 'this is not an official Go archive; nothing was installed',
    });
  }
  if (msg.kind === 'io') {
    const hint =
      msg.errno === 'ENOSPC'
        ? 'the disk is full: free some space and retry'
        : msg.errno === 'EACCES' || msg.errno === 'EPERM'
          ? 'check the permissions of the gosw store (GOSW_HOME)'
          : 'retry; nothing was installed';
    // Node's message already starts with the errno ("ENOSPC: no space left on device, open '…'").
    const text = msg.errno && !msg.message.startsWith(msg.errno) ? `${msg.errno}: ${msg.message}` : msg.message;
    return new GoswError('IO', `cannot unpack ${archiveName}: ${text}`, { hint });
  }
  if (msg.kind === 'gzip') {
    return new GoswError('BAD_ARCHIVE', `${archiveName} is not a valid gzip file`, { hint: 'the download is damaged; retry' });
  }
  return new GoswError('BAD_ARCHIVE', `${archiveName} is not a valid Go archive: ${msg.message}`, {
    hint: 'the download may be damaged; retry',
  });
}
