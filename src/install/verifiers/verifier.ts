import type { StreamDigests } from '../extract-worker.js';

/**
 * What the bytes of an archive must hash to, and who vouches for it. The extraction worker hashes
 * the stream as it unpacks it (extract-worker.ts: the sha256 of the archive, and with `fileHashes`
 * every file's sha256 for an h1); `check` then throws when they are not the trusted ones. Nothing
 * unpacked becomes visible, and no link is made, before `check` has passed. Adding a verifier =
 * a file here + a row in VERIFIERS (./index.ts).
 */
export interface Verifier {
  readonly kind: string;
  /** Per-file hashes the worker must compute (an h1 over the toolchain module's names). */
  readonly fileHashes?: { prefix: string };
  /** Throws a GoswError naming the archive when the bytes are not the trusted ones. */
  check(bytes: number, digests: StreamDigests): Promise<void>;
  /** Whether the stream, as hashed, would pass (to tell a cut stream from a bad one). */
  matches(digests: StreamDigests): boolean;
  /** After a passed `check`: what vouched for the archive, for `.gosw.json` (when worth recording). */
  readonly provenance?: { verifiedBy: string[]; leftOut?: string[] };
}

export type { StreamDigests };
