import bashCompletion from '../../shell/completion.bash';
import zshCompletion from '../../shell/completion.zsh';
import { flag, type ParsedArgs } from '../cli/args.js';
import { complete } from '../cli/complete.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { selfCommand, shellQuote } from '../shell/init.js';
import { resolveDirs } from '../store/dirs.js';
import { Store } from '../store/store.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  if (flag(args, 'complete')) {
    const dirs = resolveDirs(ctx.env);
    const words = [...args.positionals, ...args.rest];
    for (const c of await complete(ctx, new Store(dirs), dirs.cache, words.length ? words : [''])) ctx.out(c);
    return 0;
  }
  const [shell, ...extra] = args.positionals;
  if (extra.length || (shell !== 'bash' && shell !== 'zsh')) throw usageError('give the shell: gosw completion bash | gosw completion zsh');
  const text = shell === 'bash' ? bashCompletion : zshCompletion;
  ctx.stdout.write(text.replace('@GOSW_BIN@', shellQuote(selfCommand(ctx))));
  return 0;
}
