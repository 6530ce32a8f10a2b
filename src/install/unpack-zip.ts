import { constants, copyFileSync, createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context } from '../context.js';
import { GoswError } from '../errors.js';
import { writeFileAtomic } from '../fsx.js';
import { TOOLCHAIN_MODULE } from '../goproxy/config.js';
import type { Store } from '../store/store.js';
import { type HashedFile, hash1, hashZip, sha256 } from '../sumdb/dirhash.js';
import { type CheckedModuleZip, checkModuleZip } from './module-zip.js';
import { sumdbH1, type VouchedH1 } from './sumdb-trust.js';
import type { ZipPlan } from './plan.js';
import { formatBytes } from './progress.js';
import type { Source } from './sources/index.js';
import { MAX_ZIP_FILE, openZip, type ZipReader } from './zip.js';

export interface UnpackStage {
  quiet: boolean;
  onExtraction: (abort: () => Promise<void>) => void;
}

const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * A toolchain module zip from a Go module proxy (issue 11): the zip is downloaded whole (bounded)
 * into the work dir. Then, at once: the h1 the checksum database vouches for is looked up and
 * verified (signature, the module's line, inclusion, timeline), and the zip, its names checked
 * first by x/mod's rules, is read in one pass: each entry hashed and written into the private work
 * dir (exactly the bytes hashed; modes by distpack's rule; module zips have no links, so, as on
 * the tarball route, no write can leave the work dir). The two h1s must agree before `_go.mod` is
 * copied to `go.mod`, VERSION checked, and anything published. Provenance goes to `.gosw.json`.
 */
export async function unpackModuleZip(
  ctx: Context,
  store: Store,
  plan: ZipPlan,
  source: Source,
  dir: string,
  stage: UnpackStage,
): Promise<void> {
  const file = path.join(dir, 'module.zip');
  if (!stage.quiet && !ctx.interactive) ctx.err(`gosw: downloading ${TOOLCHAIN_MODULE}@${plan.mv} from ${source.where}`);
  await source.fetch(
    ctx,
    async (o) => {
      let n = 0;
      const cap = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          n += chunk.length;
          if (n > MAX_ZIP_FILE)
            return cb(
              new GoswError('UNSAFE_ARCHIVE', `${plan.filename} from ${o.where} is larger than ${formatBytes(MAX_ZIP_FILE)}; stopped`),
            );
          cb(null, chunk);
        },
      });
      await pipeline(o.stream, cap, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    },
    () => rmSync(file, { force: true }),
  );
  // Asked after the download, as the go command does: a proxy list with no way to the module
  // fails on its own terms, before any checksum database (maybe https://<name>) is contacted. The
  // lookup (network) runs while the zip is checked, hashed and unpacked into the private work dir;
  // nothing leaves it before the two h1s agree.
  const expected = trustedH1(ctx, store, plan);
  expected.catch(() => {}); // awaited below, on every path
  let h1: string;
  let checked: CheckedModuleZip;
  const root = path.join(dir, 'go');
  try {
    const zip = await openZip(file, undefined, plan.filename);
    try {
      // Every name passes x/mod's checks before a byte is written.
      try {
        checked = checkModuleZip(zip.entries, plan.mv, plan.filename);
      } catch (err) {
        // Other bytes than the database's (another version's zip, say) are best named as that.
        const trusted = await expected;
        const h1 = await hashZip(zip);
        if (h1 !== trusted.h1) throw mismatch(plan, trusted, h1);
        throw err;
      }
      h1 = await hashAndWrite(zip, checked, root);
    } finally {
      await zip.close();
      rmSync(file, { force: true });
    }
  } catch (err) {
    await expected.catch(() => {}); // the lookup holds the database's lock: let it finish first
    throw err;
  }
  const trusted = await expected;
  if (h1 !== trusted.h1) throw mismatch(plan, trusted, h1);
  for (const c of checked.goModCopies) copyFileSync(path.join(root, c.from), path.join(root, c.to), constants.COPYFILE_EXCL);
  const version = readFirstLine(path.join(root, 'VERSION'));
  if (version !== plan.name) {
    throw new GoswError('BAD_ARCHIVE', `${plan.filename}: VERSION says ${JSON.stringify(version ?? '')}, not ${plan.name}`, {
      hint: 'nothing was installed',
    });
  }
  writeFileAtomic(
    path.join(root, '.gosw.json'),
    `${JSON.stringify({ source: 'goproxy', proxy: source.where, module: `${TOOLCHAIN_MODULE}@${plan.mv}`, h1, verifiedBy: trusted.from, tree: trusted.tree, ...(trusted.tree?.unproven ? { consistency: 'not proven with the newer tree verified before on this machine' } : {}) }, null, 2)}\n`,
  );
}

function mismatch(plan: ZipPlan, trusted: { h1: string; from: string }, h1: string): GoswError {
  return new GoswError(
    'CHECKSUM',
    `h1 mismatch for ${TOOLCHAIN_MODULE}@${plan.mv}: ${trusted.from} says ${trusted.h1}, the zip hashes to ${h1}`,
    { hint: 'the proxy served other bytes (damaged or tampered with); nothing was installed. Retry, or use another proxy' },
  );
}

/** Entries inflated at once (on libuv's pool) while the main thread hashes and writes others. */
const IN_FLIGHT = 8;

/**
 * One pass over the zip: each entry is read once (bounded, CRC-checked), hashed for dirhash's h1,
 * and, if it is a file, written to the work dir (`O_EXCL|O_NOFOLLOW`, distpack's mode): the bytes
 * written are exactly the bytes hashed. Directory entries are hashed, as dirhash does, not written.
 */
async function hashAndWrite(zip: ZipReader, checked: CheckedModuleZip, root: string): Promise<string> {
  const fileOf = new Map(checked.files.map((f) => [f.name, f]));
  const hashes: HashedFile[] = new Array(zip.entries.length);
  const made = new Set<string>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < zip.entries.length; i = next++) {
      const e = zip.entries[i]!;
      const data = await zip.read(e);
      hashes[i] = { name: e.name, sha256: sha256(data) };
      const f = fileOf.get(e.name);
      if (!f) continue;
      const abs = path.join(root, f.path);
      const parent = path.dirname(abs);
      if (!made.has(parent)) {
        mkdirSync(parent, { recursive: true, mode: 0o755 });
        made.add(parent);
      }
      const fh = await open(abs, OPEN_FLAGS, f.mode);
      try {
        await fh.writeFile(data);
      } finally {
        await fh.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, zip.entries.length) }, worker));
  return hash1(hashes);
}

function readFirstLine(file: string): string | undefined {
  try {
    return readFileSync(file, 'latin1').split('\n')[0];
  } catch {
    return undefined;
  }
}

/** The h1 to hold the zip to: a --h1 pin, or what the checksum database vouches for, verified. */
async function trustedH1(ctx: Context, store: Store, plan: ZipPlan): Promise<VouchedH1 | { h1: string; from: string; tree?: undefined }> {
  if (plan.trust.kind === 'h1') return { h1: plan.trust.value, from: '--h1' };
  return sumdbH1(ctx, store, plan.trust.sumdb, plan.trust.proxies, plan.mv);
}
