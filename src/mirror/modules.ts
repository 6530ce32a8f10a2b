import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { GoswError } from '../errors.js';
import { escapeModule, type ProxyEntry, TOOLCHAIN_MODULE } from '../goproxy/config.js';
import { goproxyFetch } from '../goproxy/fetch.js';
import { checkModuleZip } from '../install/module-zip.js';
import { sourceFor } from '../install/sources/index.js';
import { MAX_ZIP_FILE, openZip } from '../install/zip.js';
import { hashGoMod, hashZip } from '../sumdb/dirhash.js';
import type { MirrorRecord } from './sumdb.js';
import { download, modulePath, publish, put, readOrUndefined, tempPath } from './tree.js';

/**
 * A toolchain module's three proxy files in the mirror, checked as `gosw install` checks them
 * (unpack-zip.ts): the zip's h1 must be the one the (proven) record holds, and x/mod's zip rules
 * must pass, before it is renamed into place; the .mod must hash to the record's go.mod line.
 */

export const MOD_TEXT = 'module golang.org/toolchain\n';

/** The h1 of a zip in the tree, or undefined when it is missing or unreadable as a zip. */
export async function zipH1(file: string): Promise<string | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    const zip = await openZip(file, undefined, path.basename(file));
    try {
      return await hashZip(zip);
    } finally {
      await zip.close();
    }
  } catch (err) {
    if (err instanceof GoswError) return undefined; // damaged: fetched again
    throw err;
  }
}

/** Checks a zip against its record: the h1, then every entry (module-zip.ts). Throws naming the file. */
export async function checkZip(file: string, rec: MirrorRecord, shown: string): Promise<void> {
  const zip = await openZip(file, undefined, shown);
  try {
    const h1 = await hashZip(zip);
    if (h1 !== rec.h1)
      throw new GoswError('CHECKSUM', `h1 mismatch for ${shown}: the checksum database says ${rec.h1}, the zip hashes to ${h1}`, {
        hint: 'the proxy served other bytes (damaged or tampered with); it was not put in the mirror',
      });
    checkModuleZip(zip.entries, rec.mv, shown);
  } finally {
    await zip.close();
  }
}

/** The .mod text is right for the record (its go.mod line, else the one text a toolchain module has). */
export function modOk(rec: MirrorRecord, data: Buffer | undefined): boolean {
  if (data === undefined) return false;
  return rec.modH1 ? hashGoMod(data) === rec.modH1 : data.toString('latin1') === MOD_TEXT;
}

export function infoOk(mv: string, data: Buffer | undefined): boolean {
  if (data === undefined) return false;
  try {
    const o = JSON.parse(data.toString('utf8')) as { Version?: unknown; Time?: unknown };
    return o.Version === mv && (o.Time === undefined || typeof o.Time === 'string');
  } catch {
    return false;
  }
}

/** GET <proxy>/golang.org/toolchain/@v/<file> with GOPROXY's fallback rules; undefined when no proxy has it. */
async function proxyGet(ctx: Context, proxies: readonly ProxyEntry[], file: string): Promise<Buffer | undefined> {
  const fetch = goproxyFetch(ctx);
  for (const p of proxies) {
    if (p.kind !== 'url') return undefined;
    const url = `${p.url}/${escapeModule(TOOLCHAIN_MODULE)}/@v/${file}`;
    const r = await fetch(url).catch((err: unknown) => {
      if (p.fallBackOnError) return undefined;
      throw err;
    });
    if (r?.status === 200) return r.body;
    if (r === undefined || r.status === 404 || r.status === 410 || p.fallBackOnError) continue;
    throw new GoswError('HTTP_STATUS', `GET ${url} answered HTTP ${r.status}`, { hint: 'check GOPROXY' });
  }
  return undefined;
}

export interface ModuleResult {
  fetched: number;
  bytes: number;
}

/**
 * Makes the module's zip, .mod and .info in the tree right for the record: what is there and
 * verifies is kept (re-hashed), the rest is fetched, checked, and renamed into place.
 */
export async function syncModule(
  ctx: Context,
  dir: string,
  proxies: readonly ProxyEntry[],
  rec: MirrorRecord,
  progress: (what: string) => void,
): Promise<ModuleResult> {
  const out: ModuleResult = { fetched: 0, bytes: 0 };
  const mv = rec.mv;
  const zipRel = modulePath(mv, 'zip');
  if ((await zipH1(path.join(dir, zipRel))) !== rec.h1) {
    progress(`${TOOLCHAIN_MODULE}@${mv}.zip`);
    const tmp = tempPath(dir, `${escapeModule(mv)}.zip`);
    try {
      const got = await download(ctx, sourceFor({ kind: 'goproxy', proxies: [...proxies], mv }), tmp, {
        max: MAX_ZIP_FILE,
        what: `${mv}.zip`,
        fresh: () => () => {},
      });
      await checkZip(tmp, rec, `${mv}.zip`);
      publish(dir, tmp, zipRel);
      out.fetched++;
      out.bytes += got.bytes;
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  const modRel = modulePath(mv, 'mod');
  if (!modOk(rec, readOrUndefined(path.join(dir, modRel)))) {
    const body = (await proxyGet(ctx, proxies, `${escapeModule(mv)}.mod`)) ?? Buffer.from(MOD_TEXT);
    if (!modOk(rec, body))
      throw new GoswError('CHECKSUM', `${mv}.mod from the proxy does not hash to the checksum database's go.mod line`, {
        hint: 'the proxy served another go.mod; it was not put in the mirror',
      });
    put(dir, modRel, body);
    out.fetched++;
    out.bytes += body.length;
  }
  const infoRel = modulePath(mv, 'info');
  if (!infoOk(mv, readOrUndefined(path.join(dir, infoRel)))) {
    let body = await proxyGet(ctx, proxies, `${escapeModule(mv)}.info`);
    // The .info is not covered by the checksum database; one that does not name this version is replaced.
    if (!infoOk(mv, body)) body = Buffer.from(`${JSON.stringify({ Version: mv, Time: new Date().toISOString() })}\n`);
    put(dir, infoRel, body!);
    out.fetched++;
    out.bytes += body!.length;
  }
  return out;
}
