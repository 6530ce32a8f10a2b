import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { GoswError, usageError } from '../errors.js';
import type { Platform } from '../releases/platform.js';
import { findFile, pickArchive } from '../releases/resolve.js';
import type { Release } from '../releases/schema.js';
import { compareGo, isReleaseName } from '../versions/version.js';
import {
  type GoSettings,
  goEnvFile,
  goSettings,
  parseGoEnvFile,
  parseGosumdb,
  type ProxyEntry,
  type SumdbConfig,
  toolchainModuleVersion,
  toolchainProxies,
} from '../goproxy/config.js';
import { downloadSource, type SourceSpec } from './sources/index.js';
import type { Trust } from './verifiers/index.js';

/**
 * The plan stage: what to install, from where, checked against what. Plain data, decided before
 * any byte is fetched; the installer carries it out (lock -> unpack -> verify -> publish).
 */
interface PlanBase {
  /** The release name, and the directory under versions/: go1.22.5. */
  name: string;
  /** The archive's file name (go.dev's, or the module zip's `<mv>.zip`). */
  filename: string;
  /** The archive's size from a trusted index, when known: downloads stop there. */
  size?: number;
  source: SourceSpec;
}

/** go.dev's .tar.gz, checked while it streams. */
export interface TarPlan extends PlanBase {
  format: 'tar.gz';
  trust: Trust;
}

/** A Go module zip of golang.org/toolchain, checked by its h1 against the checksum database (or a pin). */
export interface ZipPlan extends PlanBase {
  format: 'module-zip';
  /** The module version: v0.0.1-go1.22.5.linux-amd64. */
  mv: string;
  trust: ZipTrust;
}

export type ZipTrust = { kind: 'sumdb'; sumdb: SumdbConfig; proxies: ProxyEntry[] } | { kind: 'h1'; value: string };

export type Plan = TarPlan | ZipPlan;

const ARCHIVE_RE = /^(go[0-9][0-9a-z.]*?)\.([a-z0-9]+)-([a-z0-9]+)\.tar\.gz$/;

/** A release from go.dev's index: its archive for this platform, from the mirror or go.dev. */
export function planRelease(env: NodeJS.ProcessEnv, release: Release, platform: Platform): Plan {
  const f = pickArchive(release, platform);
  return {
    format: 'tar.gz',
    name: release.version,
    filename: f.filename,
    size: f.size,
    source: downloadSource(env, f.filename),
    trust: tarballTrust(env, release.version, platform, f.sha256),
  };
}

/**
 * When the checksum database also vouches for a go.dev tarball (GOSW_TARBALL_SUMDB): `on` for
 * every release >= 1.21; `auto` (the default) when GOPROXY or GOSUMDB is set, in the environment
 * or the go env file, i.e. when the user has said which proxy and database to trust (gosw never
 * goes to sum.golang.org unasked); `off` never. Releases before 1.21 have no toolchain module: the
 * index's sha256 alone, said in one line when the database was wanted.
 */
export function tarballTrust(env: NodeJS.ProcessEnv, name: string, platform: Platform, sha256?: string): Trust {
  const sha: Trust | undefined = sha256 !== undefined ? { kind: 'sha256', hex: sha256 } : undefined;
  const mode = env.GOSW_TARBALL_SUMDB || 'auto';
  if (mode !== 'auto' && mode !== 'on' && mode !== 'off')
    throw usageError(`GOSW_TARBALL_SUMDB=${JSON.stringify(mode)} is not auto, on or off`);
  if (mode === 'off') return sha ?? noSha(name);
  const file = readGoEnv(env);
  const configured = ['GOPROXY', 'GOSUMDB'].some((k) => (env[k] ?? file[k] ?? '') !== '');
  if (mode === 'auto' && !configured) return sha ?? noSha(name);
  const settings = goSettings(env, file);
  if (mode === 'auto' && settings.GOSUMDB.trim() === 'off') return sha ?? noSha(name);
  if (compareGo(name, 'go1.21rc1') < 0) {
    if (!sha) return noSha(name);
    return {
      ...sha,
      note: `${name} predates the toolchain module (Go 1.21), so no checksum database knows it; verified by the release index's sha256 only`,
    };
  }
  return {
    kind: 'sumdb',
    mv: toolchainModuleVersion(name, platform.os, platform.arch),
    sumdb: parseGosumdb(settings.GOSUMDB),
    proxies: toolchainProxies(settings),
    sha256,
  };
}

function noSha(name: string): never {
  throw new GoswError('CHECKSUM', `the release index has no sha256 for ${name}, so it cannot be verified`, {
    hint: 'set GOSW_TARBALL_SUMDB=on (and GOPROXY/GOSUMDB) to verify it by the checksum database, or use --file FILE --sha256 HEX',
  });
}

/** The go env file's settings (`go env -w`), raw: which ones the user set. */
function readGoEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const file = goEnvFile(env, process.platform);
  try {
    return file ? parseGoEnvFile(readFileSync(file, 'utf8')) : {};
  } catch {
    return {};
  }
}

/**
 * A local archive (`install --file`): its identity comes from its name, its checksum from
 * --sha256 or else from the index (loaded only then).
 */
export async function planFile(
  ctx: Context,
  file: string,
  sha: string | undefined,
  index: () => Promise<readonly Release[]>,
): Promise<Plan> {
  const filename = path.basename(file);
  const m = ARCHIVE_RE.exec(filename);
  if (!m || !isReleaseName(m[1]!)) {
    throw usageError(
      `--file ${JSON.stringify(file)} is not named like a Go archive (go1.22.5.linux-amd64.tar.gz)`,
      'keep the file name go.dev gave it: gosw reads the version from it',
    );
  }
  const source: SourceSpec = { kind: 'file', path: path.resolve(ctx.cwd, file) };
  if (sha !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(sha)) throw usageError(`--sha256 ${JSON.stringify(sha)} is not 64 hex digits`);
    return { format: 'tar.gz', name: m[1]!, filename, source, trust: { kind: 'sha256', hex: sha.toLowerCase() } };
  }
  const hit = findFile(await index(), filename);
  if (!hit) {
    throw new GoswError('VERSION_NOT_FOUND', `${filename} is not in the release index`, {
      hint: 'check the file name, or give its checksum with --sha256 HEX',
    });
  }
  if (!hit.file.sha256)
    throw new GoswError('CHECKSUM', `the release index has no sha256 for ${filename}`, { hint: 'give it with --sha256 HEX' });
  return {
    format: 'tar.gz',
    name: hit.release.version,
    filename,
    size: hit.file.size,
    source,
    trust: { kind: 'sha256', hex: hit.file.sha256 },
  };
}

/**
 * A release from a Go module proxy: the module `golang.org/toolchain@v0.0.1-<name>.<os>-<arch>`,
 * verified by the checksum database GOSUMDB names (GOSUMDB=off is refused: for toolchains it is
 * the only source of truth), or by an explicit `--h1` pin.
 */
export function planModule(name: string, platform: Platform, settings: GoSettings, pinH1?: string): ZipPlan {
  const mv = toolchainModuleVersion(name, platform.os, platform.arch);
  const proxies = toolchainProxies(settings);
  if (pinH1 !== undefined && !/^h1:[A-Za-z0-9+/]{43}=$/.test(pinH1))
    throw usageError(`--h1 ${JSON.stringify(pinH1)} is not an h1: hash`, 'it looks like h1: followed by 44 base64 characters');
  const trust: ZipTrust =
    pinH1 !== undefined ? { kind: 'h1', value: pinH1 } : { kind: 'sumdb', sumdb: parseGosumdb(settings.GOSUMDB), proxies };
  return { format: 'module-zip', name, filename: `${mv}.zip`, mv, source: { kind: 'goproxy', proxies, mv }, trust };
}
