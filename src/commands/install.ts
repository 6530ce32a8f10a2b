import { flag, stringOption, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { GoswError, usageError } from '../errors.js';
import { install, type Outcome } from '../install/installer.js';
import { type Plan, planFile, planModule, planRelease } from '../install/plan.js';
import { toolchainProxies } from '../goproxy/config.js';
import { listToolchains } from '../goproxy/list.js';
import { chooseSource, readGoSettings } from '../goproxy/select.js';
import { isPrerelease } from '../versions/version.js';
import { loadIndex } from '../releases/index.js';
import { currentPlatform } from '../releases/platform.js';
import { findRelease } from '../releases/resolve.js';
import type { Store } from '../store/store.js';
import { requestText } from '../versions/request.js';
import { type Candidate, parseSpec, resolveSpec, type Spec } from '../versions/spec.js';
import { findWanted, toRelease } from '../resolve/current.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const store = ctx.store;
  const quiet = flag(args, 'quiet');
  const offline = flag(args, 'offline');
  const force = flag(args, 'force');
  const report = (o: Outcome, name: string) => {
    const where = store.versionDir(name);
    if (!quiet || o === 'installed')
      ctx.out(o === 'installed' ? `installed ${name} in ${where}` : `${name} is already installed in ${where}`);
  };
  const index = () => loadIndex(ctx, { offline, cacheDir: store.cacheDir });

  store.ensure(); // a store we cannot write fails here, before any download
  const file = stringOption(args, 'file');
  if (file !== undefined) {
    if (args.positionals.length) throw usageError('give either --file or version specs, not both');
    const plan = await planFile(ctx, file, stringOption(args, 'sha256'), index);
    report(await install(ctx, store, plan, { force, quiet, offline }), plan.name);
    return 0;
  }
  if (stringOption(args, 'sha256')) throw usageError('--sha256 goes with --file');
  const specs = args.positionals.length ? args.positionals.map(parseSpec) : [wantedHere(ctx, store)]; // validated before any network use
  // An exact version already there needs no index, so it works offline and costs no request.
  const todo = specs.filter((spec) => {
    if (force || spec.kind !== 'exact' || !store.isInstalled(spec.name)) return true;
    report('already', spec.name);
    return false;
  });
  if (todo.length === 0) return 0;
  const platform = currentPlatform(ctx.env);
  const settings = readGoSettings(ctx.env);
  const choice = chooseSource(ctx.env, settings, stringOption(args, 'source'));
  const h1 = stringOption(args, 'h1');
  if (h1 !== undefined && choice.source !== 'goproxy') throw usageError('--h1 goes with the goproxy source (--source goproxy)');
  if (choice.source === 'goproxy' && !quiet) ctx.err(`gosw: installing from a Go module proxy (${choice.why})`);
  // go.dev's index, or the proxy's @v/list: loaded once, only when a spec needs it.
  let names: Promise<Candidate[]> | undefined;
  const releases = choice.source === 'godev' ? await index() : [];
  let failed = 0;
  for (const spec of todo) {
    try {
      let plan: Plan;
      if (choice.source === 'godev') plan = planRelease(ctx.env, findRelease(releases, spec), platform);
      else {
        const modulePlan = (name: string) => planModule(name, platform, settings, h1);
        let name = spec.kind === 'exact' ? spec.name : undefined;
        if (name === undefined) {
          names ??= listToolchains(ctx, toolchainProxies(settings), platform).then((l) =>
            l.map((n) => ({ name: n, stable: !isPrerelease(n) })),
          );
          const hit = resolveSpec(spec, await names);
          if (!hit)
            throw new GoswError('VERSION_NOT_FOUND', `Go '${spec.input}' is not on the module proxy for ${platform.os}-${platform.arch}`, {
              hint: "see the proxy's golang.org/toolchain/@v/list, or use --source godev",
            });
          name = hit.name;
        }
        plan = modulePlan(name);
      }
      report(await install(ctx, store, plan, { force, quiet, offline }), plan.name);
    } catch (err) {
      if (todo.length === 1 || !(err instanceof GoswError)) throw err;
      failed++;
      ctx.err(`gosw: ${err.message}`);
      if (err.hint) ctx.err(`  hint: ${err.hint}`);
    }
  }
  return failed ? 1 : 0;
}

/** With no spec: what the current directory asks for (the same rules as the prompt hook). */
function wantedHere(ctx: Context, store: Store): Spec {
  const found = findWanted(ctx.env, ctx.cwd, store);
  if (!found || found.wanted.kind === 'system') {
    throw usageError('which version? nothing here names one (.go-version, .tool-versions, go.work, go.mod)', 'e.g. gosw install 1.22.5');
  }
  const w = found.wanted;
  // go.mod's minimum: the installed line release if it is new enough, else exactly the minimum.
  const r = w.kind === 'min' ? { kind: 'exact' as const, name: toRelease(store, w).name ?? w.name } : w;
  return { ...r, input: requestText(r) };
}
