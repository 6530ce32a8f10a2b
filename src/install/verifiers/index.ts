import type { Context } from '../../context.js';
import type { ProxyEntry, SumdbConfig } from '../../goproxy/config.js';
import type { Store } from '../../store/store.js';
import { Sha256Verifier } from './sha256.js';
import { SumdbVerifier } from './sumdb.js';
import type { Verifier } from './verifier.js';

/** What a plan says to check an archive against (plain data: it is printed, compared, stored). */
export type Trust =
  /** `note`: said in one line when checked (why nothing stronger was asked). */
  | { kind: 'sha256'; hex: string; note?: string }
  /**
   * The checksum database's h1 for the toolchain module of the same release (>= 1.21), and the
   * index's sha256 too when there is one (verifiers/sumdb.ts).
   */
  | { kind: 'sumdb'; mv: string; sumdb: SumdbConfig; proxies: ProxyEntry[]; sha256?: string };

/** What a verifier is told besides its trust root. */
export interface VerifyContext {
  filename: string;
  /** The trusted size, when known. */
  size?: number;
  /** Where to look when the bytes are bad, one sentence for the hint (unpack.ts `advice`). */
  advice: string;
  ctx: Context;
  store: Store;
}

/** One row per kind of trust root. */
const VERIFIERS: { [K in Trust['kind']]: (t: Extract<Trust, { kind: K }>, c: VerifyContext) => Verifier } = {
  sha256: (t, c) => new Sha256Verifier(t.hex, c.filename, c.size, c.advice, t.note ? () => c.ctx.err(`gosw: ${t.note}`) : undefined),
  sumdb: (t, c) => new SumdbVerifier(t, c),
};

export function verifierFor(t: Trust, c: VerifyContext): Verifier {
  return VERIFIERS[t.kind](t as never, c);
}

export type { Verifier };
