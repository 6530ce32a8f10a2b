import { Sha256Verifier } from './sha256.js';
import type { Verifier } from './verifier.js';

/** What a plan says to check an archive against (plain data: it is printed, compared, stored). */
export type Trust = { kind: 'sha256'; hex: string };

/** One row per kind of trust root. */
const VERIFIERS: { [K in Trust['kind']]: (t: Extract<Trust, { kind: K }>, filename: string, size?: number) => Verifier } = {
  sha256: (t, filename, size) => new Sha256Verifier(t.hex, filename, size),
};

export function verifierFor(t: Trust, filename: string, size?: number): Verifier {
  return VERIFIERS[t.kind](t, filename, size);
}

export type { Verifier };
