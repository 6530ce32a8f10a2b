import { Sha256Verifier } from './sha256.js';
import type { Verifier } from './verifier.js';

/** What a plan says to check an archive against (plain data: it is printed, compared, stored). */
export type Trust = { kind: 'sha256'; hex: string };

/** What a verifier is told besides its trust root. */
export interface VerifyContext {
  filename: string;
  /** The trusted size, when known. */
  size?: number;
  /** Where to look when the bytes are bad, one sentence for the hint (unpack.ts `advice`). */
  advice: string;
}

/** One row per kind of trust root. */
const VERIFIERS: { [K in Trust['kind']]: (t: Extract<Trust, { kind: K }>, c: VerifyContext) => Verifier } = {
  sha256: (t, c) => new Sha256Verifier(t.hex, c.filename, c.size, c.advice),
};

export function verifierFor(t: Trust, c: VerifyContext): Verifier {
  return VERIFIERS[t.kind](t as never, c);
}

export type { Verifier };
