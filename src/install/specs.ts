/**
 * From what a user asked for (version specs, or nothing: what this directory wants) to installed
 * toolchains: index or module proxy, plan, install. Shared by `gosw install` and `gosw exec
 * --install`, which may not import each other.
 */
import type { Context } from '../context.js';
import { GoswError, usageError } from '../errors.js';
import { toolchainProxies } from '../goproxy/config.js';
import { listToolchains } from '../goproxy/list.js';
import { chooseSource, readGoSettings } from '../goproxy/select.js';
import { loadIndex } from '../releases/index.js';
import { currentPlatform } from '../releases/platform.js';
import { findRelease } from '../releases/resolve.js';
import { findWanted, toRelease } from '../resolve/current.js';
import type { Store } from '../store/store.js';
import { requestText } from '../versions/request.js';
import { type Candidate, resolveSpec, type Spec } from '../versions/spec.js';
import { isPrerelease } from '../versions/version.js';
import { install, type Outcome } from './installer.js';
import { type Plan, planModule, planRelease } from './plan.js';

export interface SpecOptions {
  force: boolean;
  quiet: boolean;
  offline: boolean;
  /** --source: godev, goproxy or auto (else GOSW_SOURCE). */
  source?: string;
  /** --h1: pin a module zip. */
  h1?: string;
  /** Told about each version done (installed now, or already there). */
  report(outcome: Outcome, name: string): void;
}

/**
 * Installs each spec; returns how many failed. With one spec its error is thrown; with several,
 * each failure is printed and the others go on.
 */
export async function installSpecs(ctx: Context, store: Store, specs: readonly Spec[], o: SpecOptions): Promise<number> {
  const { force, quiet, offline } = o;
  const guard = interruptNote(ctx, store);
  try {
    // An exact version already there needs no index, so it works offline and costs no request.
    const todo = specs.filter((spec) => {
      if (force || spec.kind !== 'exact' || !store.isInstalled(spec.name)) return true;
      o.report('already', spec.name);
      return false;
    });
    if (todo.length === 0) return 0;
    const platform = currentPlatform(ctx.env);
    const settings = readGoSettings(ctx.env);
    const choice = chooseSource(ctx.env, settings, o.source);
    const h1 = o.h1;
    if (h1 !== undefined && choice.source !== 'goproxy') throw usageError('--h1 goes with the goproxy source (--source goproxy)');
    if (choice.source === 'goproxy' && !quiet) ctx.err(`gosw: installing from a Go module proxy (${choice.why})`);
    // go.dev's index, or the proxy's @v/list: loaded once, only when a spec needs it.
    let names: Promise<Candidate[]> | undefined;
    const releases = choice.source === 'godev' ? await loadIndex(ctx, { offline, cacheDir: store.cacheDir }) : [];
    let failed = 0;
    for (const spec of todo) {
      try {
        let plan: Plan;
        if (choice.source === 'godev') plan = planRelease(ctx.env, findRelease(releases, spec), platform);
        else {
          let name = spec.kind === 'exact' ? spec.name : undefined;
          if (name === undefined) {
            names ??= listToolchains(ctx, toolchainProxies(settings), platform).then((l) =>
              l.map((n) => ({ name: n, stable: !isPrerelease(n) })),
            );
            const hit = resolveSpec(spec, await names);
            if (!hit)
              throw new GoswError(
                'VERSION_NOT_FOUND',
                `Go '${spec.input}' is not on the module proxy for ${platform.os}-${platform.arch}`,
                {
                  hint: "see the proxy's golang.org/toolchain/@v/list, or use --source godev",
                },
              );
            name = hit.name;
          }
          plan = planModule(name, platform, settings, h1);
        }
        o.report(await guard.run(plan.name, () => install(ctx, store, plan, { force, quiet, offline })), plan.name);
      } catch (err) {
        if (todo.length === 1 || !(err instanceof GoswError)) throw err;
        failed++;
        ctx.err(`gosw: ${err.message}`);
        if (err.hint) ctx.err(`  hint: ${err.hint}`);
      }
    }
    return failed;
  } finally {
    guard.forget();
  }
}

/**
 * Says, when gosw is interrupted, what is true afterwards: "nothing was installed", or which
 * versions were and which one was not. Asked after the installer's own cleanup has run
 * (src/context.ts), and it looks at the store rather than trusting the sequence.
 */
export function interruptNote(ctx: Context, store: Store): { run<T>(name: string, f: () => Promise<T>): Promise<T>; forget(): void } {
  const done: string[] = [];
  let current: string | undefined;
  const forget = ctx.onInterrupt(
    () => {},
    () => {
      const now = current !== undefined && store.isInstalled(current) && !done.includes(current) ? [...done, current] : done;
      const missed = current !== undefined && !now.includes(current) ? current : undefined;
      if (now.length === 0) return 'nothing was installed';
      return `installed ${now.join(', ')}${missed ? `; ${missed} was not installed` : ''}`;
    },
  );
  return {
    async run(name, f) {
      current = name;
      const r = await f();
      if (r === 'installed') done.push(name);
      current = undefined;
      return r;
    },
    forget,
  };
}

/** With no spec: what the current directory asks for (the same rules as the prompt hook). */
export function wantedHere(ctx: Context, store: Store): Spec {
  const found = findWanted(ctx.env, ctx.cwd, store);
  if (!found || found.wanted.kind === 'system') {
    throw usageError('which version? nothing here names one (.go-version, .tool-versions, go.work, go.mod)', 'e.g. gosw install 1.22.5');
  }
  const w = found.wanted;
  // go.mod's minimum: the installed line release if it is new enough, else exactly the minimum.
  const r = w.kind === 'min' ? { kind: 'exact' as const, name: toRelease(store, w).name ?? w.name } : w;
  return { ...r, input: requestText(r) };
}
