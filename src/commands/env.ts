import { stringOption, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { detectShell, initScript, selfCommand } from '../shell/init.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const shell = detectShell(ctx, stringOption(args, 'shell'));
  ctx.stdout.write(initScript(shell, selfCommand(ctx)));
  return 0;
}
