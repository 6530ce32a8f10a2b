import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { flag, stringOption, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { applyPrune, cacheEntries, parseBytes, parseDuration, planPrune, treeSize } from '../cache/buildcache.js';
import { planGocache, readFacts } from '../cache/gocache.js';
import { formatBytes } from '../install/progress.js';
import { removeStaleStamps, staleStamps } from '../shell/stamps.js';
import { acquire } from '../store/lock.js';
import { mkdirp } from '../fsx.js';

interface Target {
  scope: string;
  dir: string;
}

/**
 * The caches to act on: this shell's scope (or the user's own GOCACHE under inherit), --scope S,
 * or --all-scopes. Scopes always live in gosw's go-build root, whatever GOSW_GOCACHE says.
 */
function targets(ctx: Context, args: ParsedArgs): { root?: string; list: Target[] } {
  const facts = readFacts(ctx.env);
  const plan = planGocache(ctx.env, facts, false);
  // gosw's own root, whatever GOCACHE the user has (a safe one would be kept, not planned).
  const scoped = planGocache({ ...ctx.env, GOSW_GOCACHE: 'scoped', GOCACHE: undefined, _GOSW_SET_GOCACHE: undefined }, facts, false);
  const root = scoped.dir ? path.dirname(scoped.dir) : undefined;
  const scope = stringOption(args, 'scope');
  const all = flag(args, 'all-scopes');
  if (scope !== undefined && all) throw usageError('give --scope or --all-scopes, not both');
  if (scope === undefined && !all) {
    if (plan.mode === 'inherit') {
      if (!ctx.env.GOCACHE) throw usageError('GOSW_GOCACHE=inherit and GOCACHE is not set', 'set GOCACHE, or use --scope S');
      return { root, list: [{ scope: 'inherit', dir: ctx.env.GOCACHE }] };
    }
    if (plan.mode === 'off' || !plan.dir)
      throw usageError('gosw manages no GOCACHE here (GOSW_GOCACHE=off)', 'use --scope S, or GOSW_GOCACHE=scoped');
    return { root, list: [{ scope: plan.scope, dir: plan.dir }] };
  }
  if (!root) throw usageError("no place for gosw's caches was found (HOME unset or on an unsafe filesystem)");
  if (scope !== undefined) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/.test(scope))
      throw usageError(`--scope ${JSON.stringify(scope)} is not a scope name`, 'see gosw cache info --all-scopes');
    return { root, list: [{ scope, dir: path.join(root, scope) }] };
  }
  // Real directories only: a symlinked scope would lead the prune somewhere else.
  const names = existsSync(root) ? readdirSync(root) : [];
  return {
    root,
    list: names
      .filter(
        (s) =>
          /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/.test(s) &&
          !s.endsWith('.lock') &&
          !s.endsWith('.owner') &&
          lstatSync(path.join(root, s)).isDirectory(),
      )
      .map((s) => ({ scope: s, dir: path.join(root, s) })),
  };
}

function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const [sub, ...extra] = args.positionals;
  if (extra.length) throw usageError(`unexpected argument '${extra[0]}'`);
  if (sub === 'info') return info(ctx, args);
  if (sub === 'prune') return prune(ctx, args);
  throw usageError(
    sub === undefined ? 'give a subcommand: info or prune' : `unknown cache subcommand '${sub}'`,
    'gosw cache info | gosw cache prune --max-size 10G',
  );
}

function info(ctx: Context, args: ParsedArgs): number {
  const rows = targets(ctx, args).list.map((t) => ({ ...t, ...treeSize(t.dir) }));
  const format = stringOption(args, 'format');
  if (format !== undefined && format !== 'prometheus') throw usageError(`unknown format '${format}'`, 'use --format prometheus or --json');
  if (format === 'prometheus') {
    const metric = (name: string, help: string, get: (r: (typeof rows)[number]) => number | undefined) => {
      ctx.out(`# HELP ${name} ${help}`);
      ctx.out(`# TYPE ${name} gauge`);
      for (const r of rows) {
        const v = get(r);
        if (v !== undefined) ctx.out(`${name}{scope="${label(r.scope)}"} ${v}`);
      }
    };
    metric('gosw_gocache_bytes', 'Bytes in the Go build cache of a gosw scope.', (r) => r.bytes);
    metric('gosw_gocache_files', 'Files in the Go build cache of a gosw scope.', (r) => r.files);
    metric('gosw_gocache_oldest_seconds', 'Modification time of the oldest cache entry, Unix seconds.', (r) =>
      r.oldest === undefined ? undefined : Math.floor(r.oldest / 1000),
    );
    metric('gosw_gocache_newest_seconds', 'Modification time of the newest cache entry, Unix seconds.', (r) =>
      r.newest === undefined ? undefined : Math.floor(r.newest / 1000),
    );
    return 0;
  }
  if (flag(args, 'json')) {
    ctx.out(
      JSON.stringify(
        rows.map((r) => ({
          scope: r.scope,
          dir: r.dir,
          bytes: r.bytes,
          files: r.files,
          oldest: r.oldest ? new Date(r.oldest).toISOString() : null,
          newest: r.newest ? new Date(r.newest).toISOString() : null,
        })),
        null,
        2,
      ),
    );
    return 0;
  }
  for (const r of rows) {
    const when = r.oldest ? `, ${new Date(r.oldest).toISOString().slice(0, 10)} … ${new Date(r.newest!).toISOString().slice(0, 10)}` : '';
    ctx.out(`${r.scope}  ${formatBytes(r.bytes)} in ${r.files} files${when}  (${r.dir})`);
  }
  return 0;
}

async function prune(ctx: Context, args: ParsedArgs): Promise<number> {
  const olderThan = stringOption(args, 'older-than');
  const maxSize = stringOption(args, 'max-size');
  const maxAgeMs = olderThan === undefined ? undefined : parseDuration(olderThan);
  const maxBytes = maxSize === undefined ? undefined : parseBytes(maxSize);
  if (olderThan !== undefined && maxAgeMs === undefined)
    throw usageError(`--older-than ${JSON.stringify(olderThan)} is not a duration`, 'e.g. 30d, 12h, 2w');
  if (maxSize !== undefined && maxBytes === undefined)
    throw usageError(`--max-size ${JSON.stringify(maxSize)} is not a size`, 'e.g. 10G, 500M');
  if (maxAgeMs === undefined && maxBytes === undefined) throw usageError('say what to prune: --older-than 30d and/or --max-size 10G');
  const dry = flag(args, 'dry-run');
  const { root, list } = targets(ctx, args);
  for (const t of list) {
    if (!existsSync(t.dir)) {
      ctx.out(`${t.scope}: no cache at ${t.dir}`);
      continue;
    }
    // One prune per cache at a time; a concurrent go build is fine (Go tolerates missing entries).
    // Locks sit in gosw's own go-build root, never beside a cache gosw does not own.
    const lockDir = root ?? path.dirname(t.dir);
    if (!dry) mkdirp(lockDir);
    const held = dry ? undefined : await acquire(lockDir, `prune-${t.scope}`);
    try {
      const plan = planPrune(cacheEntries(t.dir), Date.now(), { maxAgeMs, maxBytes });
      if (dry) {
        ctx.out(
          `${t.scope}: would remove ${plan.remove.length} entries (${formatBytes(plan.freeBytes)}), keeping ${formatBytes(plan.keepBytes)}`,
        );
        continue;
      }
      const done = applyPrune(plan);
      ctx.out(`${t.scope}: removed ${done.removed} entries (${formatBytes(done.bytes)}), ${formatBytes(plan.keepBytes)} left`);
    } finally {
      await held?.release();
    }
  }
  // The prompt hook's stamp files of shells that have exited (src/shell/stamps.ts).
  if (dry) {
    const n = staleStamps(ctx.env).length;
    if (n) ctx.out(`would remove ${n} stamp files of exited shells`);
  } else {
    const n = removeStaleStamps(ctx.env);
    if (n) ctx.out(`removed ${n} stamp files of exited shells`);
  }
  return 0;
}
