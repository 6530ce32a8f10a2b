import { stringOption, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { environmentHere, formatEnvironment, type ExportFormat } from '../shell/export.js';
import { detectShell, initScript, selfCommand } from '../shell/init.js';
import { findInstalled } from '../store/find.js';
import { parseSpec } from '../versions/spec.js';

const FORMATS: readonly ExportFormat[] = ['json', 'dotenv', 'systemd'];

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const format = stringOption(args, 'format');
  if (format === undefined) {
    if (args.positionals.length) throw usageError('a version goes with --format only', 'e.g. gosw env --format systemd 1.22');
    ctx.stdout.write(initScript(detectShell(ctx, stringOption(args, 'shell')), selfCommand(ctx)));
    return 0;
  }
  if (!(FORMATS as readonly string[]).includes(format)) throw usageError(`unknown format '${format}'`, `use one of: ${FORMATS.join(', ')}`);
  if (args.positionals.length > 1) throw usageError('give at most one version');
  const store = ctx.store;
  const goroot = args.positionals[0] !== undefined ? findInstalled(store, parseSpec(args.positionals[0])).path : undefined;
  const notices: string[] = [];
  const vars = environmentHere(ctx.env, ctx.cwd, store, goroot, notices);
  for (const n of notices) ctx.err(`gosw: ${n}`);
  ctx.stdout.write(formatEnvironment(vars, format as ExportFormat));
  return 0;
}
