import bashCompletion from '../../shell/completion.bash';
import zshCompletion from '../../shell/completion.zsh';
import { flag, type ParsedArgs } from '../cli/args.js';
import { COMMANDS, findCommand } from '../cli/table.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { selfCommand, shellQuote } from '../shell/init.js';
import { isShell, SHELLS, type ShellName } from '../shell/shells.js';
import { listInstalled } from '../store/installed.js';

const SCRIPTS: Record<ShellName, string> = { bash: bashCompletion, zsh: zshCompletion };

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  if (flag(args, 'complete')) {
    const words = [...args.positionals, ...args.rest];
    for (const c of await complete(ctx, words.length ? words : [''])) ctx.out(c);
    return 0;
  }
  const [shell, ...extra] = args.positionals;
  if (extra.length || shell === undefined || !isShell(shell)) {
    throw usageError(`give the shell: ${SHELLS.map((s) => `gosw completion ${s}`).join(' | ')}`);
  }
  ctx.stdout.write(SCRIPTS[shell].replace('@GOSW_BIN@', shellQuote(selfCommand(ctx))));
  return 0;
}

/**
 * Candidates for the word being completed. `words` are the words after `gosw`, the last one the
 * (maybe empty) word under the cursor. What a command's arguments are comes from the command
 * table (src/cli/table.ts); the candidates from the store and the cached index only: no network.
 */
export async function complete(ctx: Context, words: string[]): Promise<string[]> {
  const cur = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const starts = (xs: Iterable<string>) => [...xs].filter((x) => x.startsWith(cur));
  const names = COMMANDS.map((c) => c.name);
  if (before.length === 0) return starts([...names, 'help', '--help', '--version']);
  const name = before[0]!;
  if (name === 'help') return before.length === 1 ? starts(names) : [];
  const cmd = findCommand(name);
  if (!cmd) return [];
  if (cur.startsWith('-')) return starts([...cmd.options.map((o) => `--${o.name}`), '--help']);
  const prev = before[before.length - 1]!;
  const opt = cmd.options.find((o) => `--${o.name}` === prev);
  if (opt?.value) return starts(opt.choices ?? []);
  const spec = cmd.args;
  if (!spec) return [];
  switch (spec.kind) {
    case 'shell':
      return before.length === 1 ? starts(SHELLS) : [];
    case 'word':
      return before.length === 1 ? starts(spec.words) : [];
    case 'installed': {
      const installed = listInstalled(ctx.store);
      return starts([...installed.map((i) => i.version), ...new Set(installed.flatMap((i) => i.aliases))]);
    }
    case 'remote': {
      const also = spec.also ?? [];
      try {
        const have = new Set(listInstalled(ctx.store).map((i) => i.name));
        const { loadIndex } = await import('../releases/index.js');
        const index = await loadIndex(ctx, { offline: true, cacheDir: ctx.store.cacheDir });
        const stable = index.filter((r) => r.stable && !have.has(r.version)).map((r) => r.version.slice(2));
        const lines = new Set(stable.map((v) => v.split('.').slice(0, 2).join('.')));
        return starts([...also, ...lines, ...stable]);
      } catch {
        return starts(also);
      }
    }
  }
}
