import type { Context } from '../../context.js';
import { GoswError } from '../../errors.js';
import { type ProxyEntry, type SumdbConfig, TOOLCHAIN_MODULE } from '../../goproxy/config.js';
import type { Store } from '../../store/store.js';
import { hash1 } from '../../sumdb/dirhash.js';
import { SumdbUnreachable, sumdbH1 } from '../sumdb-trust.js';
import type { StreamDigests, Verifier } from './verifier.js';

/** What the tarball was checked against, for `.gosw.json` (installer.ts writes it). */
export interface TarballProvenance {
  sha256?: string;
  h1?: string;
  verifiedBy: string[];
  tree?: { N: number; root: string };
  /** Parts the h1 does not cover, left out because nothing else vouched for them. */
  leftOut?: string[];
}

/** Top-level directories of a go.dev archive that the toolchain module (and so its h1) leaves out. */
export const NOT_IN_MODULE = ['api', 'doc', 'misc', 'test'];

/**
 * A go.dev tarball of a release >= 1.21 checked by the checksum database (GOPROXY-TOOLCHAIN.md
 * section 1, "Bonus"): the module golang.org/toolchain@<mv> and the tarball come from the same
 * distpack tree, so the worker hashes every regular file under the module's name (extract-worker.ts
 * `fileHashes`) and Hash1 over them must be the h1 the database vouches for; a mismatch is a
 * SECURITY error. The index's sha256, when there is one, must match as well. With no database
 * reachable, the sha256 alone decides, said in one line; with neither, nothing is trusted.
 */
export class SumdbVerifier implements Verifier {
  readonly kind = 'sumdb';
  readonly fileHashes: { prefix: string };
  provenance: TarballProvenance | undefined;

  constructor(
    private readonly t: { mv: string; sumdb: SumdbConfig; proxies: ProxyEntry[]; sha256?: string },
    private readonly c: { filename: string; size?: number; advice: string; ctx: Context; store: Store },
  ) {
    this.fileHashes = { prefix: `${TOOLCHAIN_MODULE}@${t.mv}/` };
  }

  matches(d: StreamDigests): boolean {
    return this.t.sha256 === undefined || d.sha256 === this.t.sha256;
  }

  async check(bytes: number, d: StreamDigests): Promise<void> {
    const { filename } = this.c;
    const module = `${TOOLCHAIN_MODULE}@${this.t.mv}`;
    if (this.t.sha256 !== undefined && d.sha256 !== this.t.sha256) {
      const size = this.c.size !== undefined && this.c.size !== bytes ? ` (${bytes} bytes, the index says ${this.c.size})` : '';
      throw new GoswError('CHECKSUM', `sha256 mismatch for ${filename}${size}: expected ${this.t.sha256}, got ${d.sha256}`, {
        hint: `the file was damaged or tampered with; nothing was installed. ${this.c.advice}`,
      });
    }
    const h1 = hash1((d.files ?? []).map((f) => ({ name: f.name, sha256: Buffer.from(f.sha256) })));
    let vouched: Awaited<ReturnType<typeof sumdbH1>>;
    try {
      vouched = await sumdbH1(this.c.ctx, this.c.store, this.t.sumdb, this.t.proxies, this.t.mv, { fallible: true });
    } catch (err) {
      if (!(err instanceof SumdbUnreachable)) throw err;
      if (this.t.sha256 === undefined) {
        throw new GoswError(
          'CHECKSUM',
          `cannot verify ${filename}: the checksum database ${this.t.sumdb.name} is not reachable (${err.message}) and the release index gives no sha256`,
          {
            hint: 'retry when the checksum database (GOSUMDB, through GOPROXY) can be reached; nothing was installed',
          },
        );
      }
      this.c.ctx.err(
        `gosw: the checksum database ${this.t.sumdb.name} is not reachable (${err.message}); ${filename} is verified by the release index's sha256 only`,
      );
      this.provenance = { sha256: d.sha256, verifiedBy: ['the release index (sha256)'] };
      return;
    }
    if (h1 !== vouched.h1) {
      throw new GoswError(
        'SECURITY',
        `SECURITY ERROR: ${filename} does not hold the files ${vouched.from} vouches for: ${module} is ${vouched.h1}, the archive's files hash to ${h1}`,
        {
          hint: `the archive was tampered with${this.t.sha256 ? ', though it matches the release index (is the index tampered with too?)' : ''}; nothing was installed.${this.c.advice ? ` ${this.c.advice}` : ''}`,
        },
      );
    }
    // The h1 covers regular files only: with no sha256 over the whole archive, what it leaves out
    // must not be installed (links are refused; api/ doc/ misc/ test/ are left out, as the
    // module zip leaves them out).
    if (this.t.sha256 === undefined && (d.uncovered?.length ?? 0) > 0) {
      throw new GoswError(
        'SECURITY',
        `SECURITY ERROR: ${filename} has links the checksum database does not cover (${d.uncovered![0]}${d.uncovered!.length > 1 ? ', …' : ''})`,
        {
          hint: 'official archives have none; nothing was installed',
        },
      );
    }
    this.provenance = {
      sha256: d.sha256,
      h1,
      verifiedBy: [...(this.t.sha256 ? ['the release index (sha256)'] : []), vouched.from],
      tree: vouched.tree,
      leftOut: this.t.sha256 === undefined ? NOT_IN_MODULE.map((p) => `go/${p}/`) : undefined,
    };
  }
}
