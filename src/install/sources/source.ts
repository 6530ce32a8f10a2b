import type { Readable } from 'node:stream';
import type { Context } from '../../context.js';

/** One attempt's stream, as a source opened it. */
export interface Opened {
  stream: Readable;
  /** Bytes to expect when the source knows (the server's Content-Length, the file's size). */
  length?: number;
  /** Where the bytes come from, for messages: a host or a path. */
  where: string;
}

/**
 * Where an archive's bytes come from. A source opens the stream and owns the one retry loop: it
 * calls `consume` on a fresh stream per attempt, and `reset` before a retry (the caller starts
 * its work over). Adding a source = a file here + a row in SOURCES (./index.ts).
 */
export interface Source {
  readonly kind: string;
  /** Whether it reads the network (`--offline` refuses those). */
  readonly network: boolean;
  /** For messages: "dl.google.com", "./go1.22.5.linux-amd64.tar.gz". */
  readonly where: string;
  fetch(ctx: Context, consume: (o: Opened) => Promise<void>, reset: () => void): Promise<void>;
  /**
   * The error for a stream that ended before `want` bytes (the trusted size): for a network
   * source a cut connection (worth a retry), for a file nothing (the verifier then says why).
   */
  short(got: number, want: number): Error | undefined;
}
