import { flag, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { listInstalled } from '../store/installed.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const store = ctx.store;
  const installed = listInstalled(store);
  if (flag(args, 'json')) {
    ctx.out(JSON.stringify(installed, null, 2));
    return 0;
  }
  if (installed.length === 0) {
    ctx.err('gosw: no Go version installed yet; try: gosw install latest');
    return 0;
  }
  const width = Math.max(...installed.map((i) => i.name.length));
  for (const i of installed) ctx.out(i.aliases.length ? `${i.name.padEnd(width)}  (${i.aliases.join(', ')})` : i.name);
  return 0;
}
