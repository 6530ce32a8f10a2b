import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from '../context.js';
import { GoswError, errnoCode } from '../errors.js';
import { parseGosumdb, gosumdbVerifier } from '../goproxy/config.js';
import { goproxyFetch } from '../goproxy/fetch.js';
import { sourceFor } from '../install/sources/index.js';
import { statusOf } from '../net/http.js';
import { parseIndex } from '../releases/schema.js';
import { parseRecord } from '../sumdb/record.js';
import { tilePath } from '../sumdb/tlog.js';
import { checkZip, infoOk, modOk } from './modules.js';
import { type MirrorRecord, prove, signedTree, tileSources, toRecord } from './sumdb.js';
import {
  download,
  INDEX,
  LIST,
  lookupPath,
  MANIFEST,
  type Manifest,
  modulePath,
  parseManifest,
  SUMDB_LINK,
  SUMS,
  sha256File,
} from './tree.js';

/**
 * `gosw mirror verify <dir|url>`: every file against what vouches for it (the index's sha256 and
 * SHA256SUMS; the checksum database's records, proven against `latest`), and every path a client
 * will request (lookups, the exact tiles, the consistency tiles of earlier syncs, .info/.mod/.zip)
 * present, through the same reads a client makes (a URL is read over HTTP like one).
 */

interface Reader {
  where: string;
  /** A small file, or undefined when the server says 404/410 (or it is missing). */
  get(rel: string): Promise<Buffer | undefined>;
  sha256(rel: string): Promise<string | undefined>;
  /** A local copy of the file for `fn` (the file itself in a directory; a temp download for a URL). */
  withFile<T>(rel: string, fn: (file: string) => Promise<T>): Promise<T | undefined>;
}

function dirReader(dir: string): Reader {
  if (!existsSync(dir)) throw new GoswError('USAGE', `${dir} does not exist`, { hint: 'give the mirror directory, or its URL' });
  return {
    where: dir,
    get: async (rel) => {
      try {
        return readFileSync(path.join(dir, rel));
      } catch (err) {
        if (['ENOENT', 'ENOTDIR'].includes(errnoCode(err) ?? '')) return undefined;
        throw err;
      }
    },
    sha256: (rel) => sha256File(path.join(dir, rel)),
    withFile: async (rel, fn) => {
      const file = path.join(dir, rel);
      if ((await sha256File(file)) === undefined) return undefined;
      return fn(file);
    },
  };
}

function urlReader(ctx: Context, base: string): Reader {
  const fetch = goproxyFetch(ctx);
  const url = (rel: string) => `${base}/${rel.split('/').map(encodeURIComponent).join('/')}`;
  const notFound = (err: unknown) => [404, 410].includes(statusOf(err) ?? 0);
  const withFile = async <T>(rel: string, fn: (file: string) => Promise<T>, onChunk?: (c: Buffer) => void): Promise<T | undefined> => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'gosw-verify-'));
    try {
      const file = path.join(tmp, 'f');
      await download(ctx, sourceFor({ kind: 'url', url: url(rel) }), file, {
        max: 1024 * 1024 * 1024,
        what: rel,
        fresh: () => onChunk ?? (() => {}),
      });
      return await fn(file);
    } catch (err) {
      if (notFound(err)) return undefined;
      throw err;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };
  return {
    where: base,
    get: async (rel) => {
      const r = await fetch(url(rel));
      if (r.status === 200) return r.body;
      if (r.status === 404 || r.status === 410) return undefined;
      const s3 = r.status === 403 ? ' (a missing file must be 404: on S3, let readers ListBucket)' : '';
      throw new GoswError('HTTP_STATUS', `GET ${url(rel)} answered HTTP ${r.status}${s3}`, {
        hint: 'a static server must answer 200 or 404 (S3: grant ListBucket so a missing key is 404, not 403)',
      });
    },
    sha256: (rel) => withFile(rel, (file) => sha256File(file).then((h) => h!)),
    withFile,
  };
}

export interface VerifyResult {
  checked: number;
  problems: string[];
  /** The checksum database the records were checked against, and whose key that was. */
  sumdb?: string;
}

export async function verifyMirror(ctx: Context, target: string, key?: string): Promise<VerifyResult> {
  const r = /^(https?|file):\/\//.test(target)
    ? target.startsWith('file:')
      ? dirReader(fileURLToPath(target))
      : urlReader(ctx, target.replace(/\/+$/, ''))
    : dirReader(path.resolve(ctx.cwd, target));
  const res: VerifyResult = { checked: 0, problems: [] };
  const problem = (rel: string, what: string) => res.problems.push(`${rel}: ${what}`);
  const attempt = async (rel: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof GoswError)) throw err;
      problem(rel, err.message.split('\n')[0]!);
    }
  };

  const mtext = await r.get(MANIFEST);
  let manifest: Manifest | undefined;
  if (!mtext) problem(MANIFEST, 'missing (is this a gosw mirror?)');
  else await attempt(MANIFEST, async () => void (manifest = parseManifest(mtext.toString('utf8'), MANIFEST)));

  // dl/: the index vouches for every archive; SHA256SUMS must agree with it.
  // A format the manifest says is not mirrored is not asked for (a bucket may answer 403 for it).
  const has = (f: 'tarball' | 'module') => manifest === undefined || manifest.formats.includes(f);
  const optional = async (rel: string, f: 'tarball' | 'module') => {
    if (!has(f)) return undefined;
    let body: Buffer | undefined;
    await attempt(rel, async () => void (body = await r.get(rel)));
    return body;
  };
  const itext = await optional(INDEX, 'tarball');
  if (itext) {
    await attempt(INDEX, async () => {
      const files = parseIndex(itext.toString('utf8'), INDEX).flatMap((rel) => rel.files);
      const sums = new Map<string, string>();
      const stext = await r.get(SUMS);
      if (!stext) problem(SUMS, 'missing');
      for (const line of (stext?.toString('utf8') ?? '').split('\n').filter(Boolean)) {
        const m = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line);
        if (m) sums.set(m[2]!, m[1]!);
        else problem(SUMS, `malformed line ${JSON.stringify(line.slice(0, 80))}`);
      }
      for (const f of files) {
        const rel = `dl/${f.filename}`;
        res.checked++;
        if (stext && sums.get(f.filename) !== f.sha256) problem(SUMS, `its line for ${f.filename} does not match the index`);
        sums.delete(f.filename);
        await attempt(rel, async () => {
          const got = await r.sha256(rel);
          if (got === undefined) problem(rel, 'missing (the index lists it)');
          else if (got !== f.sha256) problem(rel, `sha256 ${got}, the index says ${f.sha256}`);
        });
      }
      // A line the index lacks (a sync killed between the two writes) is fine if its file is there and matches.
      for (const [extra, sha] of sums) {
        const got = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(extra) ? await r.sha256(`dl/${extra}`) : undefined;
        if (got !== sha) problem(SUMS, `lists ${extra}, which the index does not and which is ${got ? 'another file' : 'missing'}`);
      }
    });
  } else if (manifest?.formats.includes('tarball')) problem(INDEX, 'missing');

  // proxy/: every listed module, its record proven against latest, and the tiles clients read.
  const ltext = await optional(LIST, 'module');
  if (ltext) await verifyProxy(r, ltext.toString('utf8'), manifest, key, res, problem, attempt);
  else if (manifest?.formats.includes('module')) problem(LIST, 'missing');
  return res;
}

async function verifyProxy(
  r: Reader,
  list: string,
  manifest: Manifest | undefined,
  key: string | undefined,
  res: VerifyResult,
  problem: (rel: string, what: string) => void,
  attempt: (rel: string, fn: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const k = key ?? manifest?.sumdb?.key;
  if (!k) return problem(MANIFEST, 'names no checksum database key; give one with --key or GOSUMDB');
  const verifier = gosumdbVerifier(parseGosumdb(k).key);
  res.sumdb = `${verifier.name}, key from ${key !== undefined ? '--key or GOSUMDB' : 'gosw-mirror.json'}`;
  const db = `${SUMDB_LINK}/${verifier.name}`;
  if ((await r.get(`${db}/supported`)) === undefined)
    problem(`${db}/supported`, 'missing (clients then skip this proxy for the checksum database)');
  const ltext = await r.get(`${db}/latest`);
  if (!ltext) return problem(`${db}/latest`, 'missing');
  const note = ltext.toString('utf8');
  let tree: ReturnType<typeof signedTree>;
  try {
    tree = signedTree(note, verifier, `${db}/latest`);
  } catch (err) {
    return problem(`${db}/latest`, (err as Error).message);
  }
  const read = tileSources([async (t) => r.get(`${db}/${tilePath(t)}`)], `the mirror (${r.where}/${db})`);
  const final = { note, tree };
  for (const mv of list
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0]!)
    .filter(Boolean)) {
    res.checked++;
    const lrel = `proxy/sumdb/${lookupPath(verifier.name, mv)}`;
    let rec: MirrorRecord | undefined;
    await attempt(lrel, async () => {
      const body = await r.get(lrel);
      if (!body) return problem(lrel, 'missing (the list has the version)');
      const p = parseRecord(body);
      if (p.rest.toString('utf8') !== note) problem(lrel, 'carries another signed note than latest');
      const one = toRecord(mv, p.id, p.text, lrel);
      await prove(final, [one], [], read, verifier.name);
      rec = one;
    });
    if (!rec) continue;
    const zrel = modulePath(mv, 'zip');
    await attempt(zrel, async () => {
      const ok = await r.withFile(zrel, async (file) => checkZip(file, rec!, zrel).then(() => true));
      if (ok === undefined) problem(zrel, 'missing');
    });
    const mrel = modulePath(mv, 'mod');
    await attempt(mrel, async () => {
      if (!modOk(rec!, await r.get(mrel))) problem(mrel, 'missing, or does not hash to the record');
    });
    const irel = modulePath(mv, 'info');
    await attempt(irel, async () => {
      if (!infoOk(mv, await r.get(irel))) problem(irel, 'missing, or names another version');
    });
  }
  for (const h of manifest?.sumdb?.history ?? []) {
    await attempt(`${db}/tile`, async () => {
      const old = signedTree(h, verifier, 'an earlier note in gosw-mirror.json');
      await prove(final, [], [{ note: h, tree: old }], read, verifier.name);
    });
  }
}
