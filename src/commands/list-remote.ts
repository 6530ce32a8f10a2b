import { flag, stringOption, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { toolchainProxies } from '../goproxy/config.js';
import { loadToolchainList } from '../goproxy/list.js';
import { chooseSource, readGoSettings } from '../goproxy/select.js';
import { loadIndex } from '../releases/index.js';
import { currentPlatform } from '../releases/platform.js';
import { listInstalled } from '../store/installed.js';
import { compareGo, isPrerelease, lang } from '../versions/version.js';

/**
 * Without --all: stable releases of the two newest lines (what go.dev calls supported), or, with a
 * prefix, every stable release matching it. --all adds prereleases and old lines. The releases
 * come from go.dev's index or, when the source is goproxy, from the proxy's @v/list.
 */
export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const [prefixIn, ...extra] = args.positionals;
  if (extra.length) throw usageError('give at most one prefix, e.g. gosw list-remote 1.22');
  const prefix = prefixIn?.replace(/^go/, '');
  if (prefix !== undefined && !/^[0-9][0-9a-z.]*$/.test(prefix))
    throw usageError(`'${prefixIn}' is not a version prefix`, 'e.g. gosw list-remote 1.22');
  const all = flag(args, 'all');
  const offline = flag(args, 'offline');
  const settings = readGoSettings(ctx.env);
  const choice = chooseSource(ctx.env, settings, stringOption(args, 'source'));
  let index: { version: string; stable: boolean }[];
  if (choice.source === 'goproxy') {
    const platform = currentPlatform(ctx.env);
    const list = await loadToolchainList(ctx, { proxies: toolchainProxies(settings), platform, offline, cacheDir: ctx.store.cacheDir });
    const cached = list.cachedAt ? `, its list cached ${list.cachedAt.toISOString()}` : '';
    ctx.err(`gosw: versions for ${platform.os}-${platform.arch} from the Go module proxy ${list.proxy} (${choice.why}${cached})`);
    index = list.names.map((n) => ({ version: n, stable: !isPrerelease(n) }));
  } else index = await loadIndex(ctx, { offline, cacheDir: ctx.store.cacheDir });
  const installed = new Set(listInstalled(ctx.store).map((i) => i.name));

  const lines = [...new Set(index.filter((r) => r.stable).map((r) => lang(r.version)))].sort((a, b) => compareGo(b, a)).slice(0, 2);
  const matchesPrefix = (v: string) =>
    prefix === undefined || v === prefix || v.startsWith(`${prefix}.`) || (v.startsWith(prefix) && /^[a-z]/.test(v.slice(prefix.length)));
  const rows = index
    .filter((r) => matchesPrefix(r.version.slice(2)))
    .filter((r) => all || (r.stable && (prefix !== undefined || lines.includes(lang(r.version)))))
    .sort((a, b) => compareGo(b.version, a.version))
    .map((r) => ({
      name: r.version,
      version: r.version.slice(2),
      stable: r.stable,
      installed: installed.has(r.version),
      source: choice.source,
    }));

  if (flag(args, 'json')) {
    ctx.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    ctx.err(`gosw: no release matches${prefix ? ` '${prefix}'` : ''}${all ? '' : ' (try --all)'}`);
    return 1;
  }
  for (const r of rows) ctx.out(`${r.name}${r.stable ? '' : '  (prerelease)'}${r.installed ? '  (installed)' : ''}`);
  return 0;
}
