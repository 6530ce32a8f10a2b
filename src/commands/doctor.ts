import { flag, type ParsedArgs } from '../cli/args.js';
import { type Hue, paint } from '../cli/color.js';
import type { Context } from '../context.js';
import { readFacts } from '../cache/gocache.js';
import { goEnvRunner, runChecks, type Check } from '../doctor/checks.js';
import { findLeftovers, fixLeftovers } from '../doctor/leftovers.js';
import { readSystemFile } from '../sysroot.js';

const MARK: Record<Check['level'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };
const HUE: Record<Check['level'], Hue> = { ok: 'green', warn: 'yellow', fail: 'red' };

/** Exit status (also in `gosw doctor --help`): 0 nothing wrong or only warnings, 1 a problem (FAIL). */
export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const wslConf = readSystemFile(ctx.env, 'wslConf');
  const store = ctx.store;
  // --fix first, then the checks: the report says what is left.
  const fixed = flag(args, 'fix') ? await fixLeftovers(store, findLeftovers(store, ctx.cwd)) : [];
  const checks = runChecks({
    env: ctx.env,
    store,
    cwd: ctx.cwd,
    facts: readFacts(ctx.env),
    parentPid: process.ppid,
    uid: typeof process.getuid === 'function' ? process.getuid() : 0,
    goEnv: goEnvRunner(ctx.env),
    wslConf,
  });
  const failed = checks.some((c) => c.level === 'fail');
  if (flag(args, 'json')) {
    ctx.out(JSON.stringify({ ok: !failed, ...(flag(args, 'fix') ? { fixed } : {}), checks }, null, 2));
  } else {
    // Colour only where stdout is a terminal (and NO_COLOR is unset): `> file` and `| grep` get text.
    const on = ctx.color.out;
    for (const f of fixed) ctx.out(`${paint(on, 'green', 'fixed')} ${f}`);
    for (const c of checks) {
      ctx.out(`${paint(on, HUE[c.level], MARK[c.level])}  ${c.message}`);
      if (c.hint && c.level !== 'ok') ctx.out(`      fix: ${c.hint}`);
    }
  }
  return failed ? 1 : 0;
}
