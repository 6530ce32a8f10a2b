import { spawn } from 'node:child_process';
import type { ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { GoswError, usageError } from '../errors.js';
import { environmentHere } from '../shell/export.js';
import { resolveCurrent } from '../resolve/current.js';
import { findInstalled } from '../store/find.js';
import { parseSpec } from '../versions/spec.js';

/** Runs a command with a version's environment, as the hook would set it, without any hook (scripts, CI). */
export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  if (args.rest.length === 0) throw usageError('give the command after --', 'e.g. gosw exec 1.22 -- go build ./...');
  if (args.positionals.length > 1) throw usageError('give at most one version before --');
  const store = ctx.store;
  let goroot: string;
  if (args.positionals[0] !== undefined) {
    goroot = findInstalled(store, parseSpec(args.positionals[0])).path;
  } else {
    const r = resolveCurrent(ctx.env, ctx.cwd, store);
    if (!r.goroot) {
      throw new GoswError('NOT_INSTALLED', r.name ? `${r.name} (wanted here) is not installed` : 'no Go version is selected here', {
        hint: r.name ? 'run: gosw install' : 'name one: gosw exec 1.22 -- CMD',
      });
    }
    goroot = r.goroot;
  }
  // The same environment `gosw env --format` prints: GOROOT, PATH, GOTOOLCHAIN, GOCACHE.
  const notices: string[] = [];
  const env: NodeJS.ProcessEnv = { ...ctx.env, ...environmentHere(ctx.env, ctx.cwd, store, goroot, notices) };
  for (const n of notices) ctx.err(`gosw: ${n}`);
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
