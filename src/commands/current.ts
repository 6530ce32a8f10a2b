import { flag, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { resolveCurrent } from '../resolve/current.js';
import { safe, warningLine } from '../resolve/describe.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const store = ctx.store;
  const r = resolveCurrent(ctx.env, ctx.cwd, store);
  if (flag(args, 'json')) {
    ctx.out(
      JSON.stringify(
        {
          name: r.name ?? null,
          installed: r.installed,
          goroot: r.goroot ?? null,
          wanted: r.wanted ?? null,
          source: r.source ?? null,
          warnings: r.warnings,
        },
        null,
        2,
      ),
    );
    return r.wanted && r.wanted.kind !== 'system' && !r.installed ? 1 : 0;
  }
  for (const w of r.warnings) ctx.err(warningLine(w));
  if (!r.wanted || !r.source) {
    ctx.out("none (no .go-version, .tool-versions, go.work or go.mod up from here, and no global default; the shell's own go is used)");
    return 0;
  }
  const from = r.source.kind === 'env' ? 'GOSW_VERSION' : safe(r.source.where);
  if (r.wanted.kind === 'system') {
    ctx.out(`system (from ${from}; the shell's own go is used)`);
    return 0;
  }
  if (!r.installed) {
    ctx.out(`${r.name} (from ${from}) is not installed; run: gosw install`);
    return 1;
  }
  ctx.out(`${r.name} (from ${from})`);
  return 0;
}
