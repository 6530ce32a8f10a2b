import { closeSync, constants, copyFileSync, createWriteStream, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context } from '../context.js';
import { GoswError } from '../errors.js';
import { writeFileAtomic } from '../fsx.js';
import { goproxyFetch } from '../goproxy/fetch.js';
import { TOOLCHAIN_MODULE } from '../goproxy/config.js';
import { acquire } from '../store/lock.js';
import type { Store } from '../store/store.js';
import { type LatestStore, lookupVerified, sumdbBase } from '../sumdb/client.js';
import { hashZip } from '../sumdb/dirhash.js';
import { parseVerifierKey } from '../sumdb/note.js';
import { checkModuleZip } from './module-zip.js';
import type { ZipPlan } from './plan.js';
import { formatBytes } from './progress.js';
import type { Source } from './sources/index.js';
import { MAX_ZIP_FILE, openZip } from './zip.js';

export interface UnpackStage {
  quiet: boolean;
  onExtraction: (abort: () => Promise<void>) => void;
}

const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * A toolchain module zip from a Go module proxy (issue 11): the zip is downloaded whole (bounded)
 * into the work dir; the h1 the checksum database vouches for is looked up and verified
 * (signature, the module's line, inclusion, timeline); the zip's h1 must match; then x/mod's zip
 * checks; only then is anything unpacked: exactly the bytes that were hashed, modes by distpack's rule, `_go.mod`
 * copied to `go.mod`, VERSION checked. Provenance goes to `.gosw.json` in the GOROOT.
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
  // fails on its own terms, before any checksum database (maybe https://<name>) is contacted.
  const expected = await trustedH1(ctx, store, plan);
  const zip = await openZip(file, undefined, plan.filename);
  try {
    const h1 = await hashZip(zip);
    if (h1 !== expected.h1) {
      throw new GoswError(
        'CHECKSUM',
        `h1 mismatch for ${TOOLCHAIN_MODULE}@${plan.mv}: ${expected.from} says ${expected.h1}, the zip hashes to ${h1}`,
        {
          hint: 'the proxy served other bytes (damaged or tampered with); nothing was installed. Retry, or use another proxy',
        },
      );
    }
    const checked = checkModuleZip(zip.entries, plan.mv, plan.filename);
    const root = path.join(dir, 'go');
    const byName = new Map(zip.entries.map((e) => [e.name, e]));
    for (const f of checked.files) {
      const abs = path.join(root, f.path);
      mkdirSync(path.dirname(abs), { recursive: true, mode: 0o755 });
      const data = await zip.read(byName.get(f.name)!);
      const fd = openSync(abs, OPEN_FLAGS, f.mode);
      try {
        for (let off = 0; off < data.length; ) off += writeSync(fd, data, off);
      } finally {
        closeSync(fd);
      }
    }
    for (const c of checked.goModCopies) copyFileSync(path.join(root, c.from), path.join(root, c.to), constants.COPYFILE_EXCL);
    const version = readFirstLine(path.join(root, 'VERSION'));
    if (version !== plan.name) {
      throw new GoswError('BAD_ARCHIVE', `${plan.filename}: VERSION says ${JSON.stringify(version ?? '')}, not ${plan.name}`, {
        hint: 'nothing was installed',
      });
    }
    writeFileAtomic(
      path.join(root, '.gosw.json'),
      `${JSON.stringify({ source: 'goproxy', proxy: source.where, module: `${TOOLCHAIN_MODULE}@${plan.mv}`, h1, verifiedBy: expected.from, tree: expected.tree }, null, 2)}\n`,
    );
  } finally {
    await zip.close();
    rmSync(file, { force: true });
  }
}

function readFirstLine(file: string): string | undefined {
  try {
    return readFileSync(file, 'latin1').split('\n')[0];
  } catch {
    return undefined;
  }
}

/** The h1 to hold the zip to: a --h1 pin, or what the checksum database vouches for, verified. */
async function trustedH1(
  ctx: Context,
  store: Store,
  plan: ZipPlan,
): Promise<{ h1: string; from: string; tree?: { N: number; root: string } }> {
  if (plan.trust.kind === 'h1') return { h1: plan.trust.value, from: '--h1' };
  const { sumdb, proxies } = plan.trust;
  const fetch = goproxyFetch(ctx);
  const base = await sumdbBase(sumdb, proxies, fetch);
  // The last verified tree of this database, kept under a lock so two installs extend one timeline.
  const held = await acquire(store.locksDir, `sumdb-${sumdb.name}`);
  try {
    const v = await lookupVerified({
      base,
      verifier: verifierOf(sumdb.key),
      path: TOOLCHAIN_MODULE,
      version: plan.mv,
      fetch,
      latest: latestStore(store, sumdb.name),
    });
    return {
      h1: v.h1,
      from: `the checksum database ${sumdb.name}`,
      tree: { N: v.tree.N, root: Buffer.from(v.tree.root).toString('base64') },
    };
  } finally {
    await held.release();
  }
}

function verifierOf(key: string) {
  try {
    return parseVerifierKey(key);
  } catch (err) {
    throw new GoswError('USAGE', `GOSUMDB names the key ${JSON.stringify(key)}, which is not a verifier key: ${(err as Error).message}`, {
      hint: 'GOSUMDB is a name (sum.golang.org), a key (name+hash+key) or "key url"',
    });
  }
}

function latestStore(store: Store, name: string): LatestStore {
  const file = path.join(store.cacheDir, 'sumdb', name, 'latest');
  return {
    read: () => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    write: (note) => {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
      writeFileAtomic(file, note);
    },
  };
}
