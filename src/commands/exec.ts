import { spawn } from 'node:child_process';
import { flag, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { GoswError, usageError } from '../errors.js';
import { installSpecs, wantedHere } from '../install/specs.js';
import { environmentHere } from '../shell/export.js';
import { resolveCurrent } from '../resolve/current.js';
import { findInstalled } from '../store/find.js';
import type { Store } from '../store/store.js';
import { parseSpec, type Spec } from '../versions/spec.js';

/** Runs a command with a version's environment, as the hook would set it, without any hook (scripts, CI). */
export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  if (args.rest.length === 0) throw usageError('give the command after --', 'e.g. gosw exec 1.22 -- go build ./...');
  if (args.positionals.length > 1) throw usageError('give at most one version before --');
  const store = ctx.store;
  // --install, or GOSW_AUTO_INSTALL=1 as the hook reads it (CI scripts set it once for every step).
  const autoInstall = flag(args, 'install') || ctx.env.GOSW_AUTO_INSTALL === '1';
  const quiet = flag(args, 'quiet');
  const input = args.positionals[0];
  const spec = input === undefined ? undefined : parseSpec(input); // a bad spec fails before any download
  let goroot = lookup(ctx, store, spec);
  if (goroot === undefined && autoInstall) {
    store.ensure();
    // stdout belongs to the command run next: what the install says goes to stderr.
    const report = (o: string, name: string) => {
      if (!quiet && o === 'installed') ctx.err(`gosw: installed ${name} in ${store.versionDir(name)}`);
    };
    await installSpecs(ctx, store, [spec ?? wantedHere(ctx, store)], { force: false, quiet, offline: false, report });
    goroot = lookup(ctx, store, spec);
  }
  if (goroot === undefined) goroot = lookup(ctx, store, spec, true)!;
  // The same environment `gosw env --format` prints: GOROOT, PATH, GOTOOLCHAIN, GOCACHE.
  const notices: string[] = [];
  const env: NodeJS.ProcessEnv = { ...ctx.env, ...environmentHere(ctx.env, ctx.cwd, store, goroot, notices) };
  if (!quiet) for (const n of notices) ctx.err(`gosw: ${n}`);
  delete env._GOSW_PATH_ENTRY;
  delete env.GOSW_LAUNCHER; // belongs to the gosw that was run, not to what it runs

  const [cmd, ...cmdArgs] = args.rest;
  const child = spawn(cmd!, cmdArgs, { stdio: 'inherit', env, cwd: ctx.cwd });
  const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const handlers = signals.map((s) => [s, forward(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  return new Promise<number>((resolve, reject) => {
    child.on('error', (err) =>
      reject(
        new GoswError('USAGE', `cannot run ${JSON.stringify(cmd)}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, {
          hint: 'check the command name',
        }),
      ),
    );
    child.on('exit', (code, signal) => {
      for (const [s, h] of handlers) process.off(s, h);
      resolve(code ?? (signal ? 128 + (({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1, SIGKILL: 9 } as Record<string, number>)[signal] ?? 1) : 1));
    });
  });
}

/**
 * The GOROOT for a spec (or what this directory wants), or undefined when it is not installed;
 * with `fail`, that is an error whose hint offers --install.
 */
function lookup(ctx: Context, store: Store, spec: Spec | undefined, fail = false): string | undefined {
  if (spec !== undefined) {
    try {
      return findInstalled(store, spec).path;
    } catch (err) {
      if (!fail || !(err instanceof GoswError)) {
        if (err instanceof GoswError && err.code === 'NOT_INSTALLED') return undefined;
        throw err;
      }
      throw new GoswError(err.code, err.message, { hint: `${err.hint ?? ''}; or: gosw exec --install ${spec.input} -- ...`, cause: err });
    }
  }
  const r = resolveCurrent(ctx.env, ctx.cwd, store);
  if (r.goroot) return r.goroot;
  if (!fail && r.name) return undefined;
  throw new GoswError('NOT_INSTALLED', r.name ? `${r.name} (wanted here) is not installed` : 'no Go version is selected here', {
    hint: r.name ? 'run: gosw install, or: gosw exec --install -- CMD (GOSW_AUTO_INSTALL=1 in CI)' : 'name one: gosw exec 1.22 -- CMD',
  });
}
