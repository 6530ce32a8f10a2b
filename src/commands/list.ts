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
  for (const i of installed) {
    const line = i.aliases.length ? `${i.name.padEnd(width)}  (${i.aliases.join(', ')})` : i.name;
    ctx.out(
      i.source === 'goproxy' ? `${line}${i.aliases.length ? ' ' : ' '.repeat(width - i.name.length + 2)}[from a Go module proxy]` : line,
    );
  }
  return 0;
}
