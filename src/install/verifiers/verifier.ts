/**
 * What the bytes of an archive must hash to, and who vouches for it. Fed every chunk as it
 * streams; `check` throws when the whole stream does not match. Nothing unpacked becomes visible,
 * and no link is made, before `check` has passed. Adding a verifier = a file here + a row in
 * VERIFIERS (./index.ts).
 */
export interface Verifier {
  readonly kind: string;
  update(chunk: Buffer): void;
  /** Throws a GoswError naming the archive when the bytes are not the trusted ones. */
  check(bytes: number): void;
  /** Whether the bytes seen so far, complete, would pass (to tell a cut stream from a bad one). */
  matches(): boolean;
}
