import type { Context } from '../context.js';
import { listInstalled } from '../store/installed.js';
import type { Store } from '../store/store.js';
import { COMMANDS, findCommand } from './registry.js';

const INSTALLED_ARG = new Set(['uninstall', 'which', 'exec', 'local', 'global', 'shell']);

/**
 * Candidates for the word being completed. `words` are the words after `gosw`, the last one the
 * (maybe empty) word under the cursor. Reads the store and the cached index only: no network.
 */
export async function complete(ctx: Context, store: Store, cacheDir: string, words: string[]): Promise<string[]> {
  const cur = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const starts = (xs: Iterable<string>) => [...xs].filter((x) => x.startsWith(cur));
  if (before.length === 0) return starts([...COMMANDS.map((c) => c.name), 'help', '--help', '--version']);
  const name = before[0]!;
  if (name === 'help') return before.length === 1 ? starts(COMMANDS.map((c) => c.name)) : [];
  if (name === 'completion') return before.length === 1 ? starts(['bash', 'zsh']) : [];
  const cmd = findCommand(name);
  if (!cmd) return [];
  if (cur.startsWith('-')) return starts([...cmd.options.map((o) => `--${o.name}`), '--help']);
  const prev = before[before.length - 1]!;
  const opt = cmd.options.find((o) => `--${o.name}` === prev);
  if (opt?.value) {
    if (opt.name === 'shell') return starts(['bash', 'zsh']);
    if (opt.name === 'format') return starts(name === 'cache' ? ['prometheus'] : ['json', 'dotenv', 'systemd']);
    return [];
  }
  if (name === 'cache') return before.length === 1 ? starts(['info', 'prune']) : [];
  const installed = listInstalled(store);
  if (INSTALLED_ARG.has(name)) {
    const lines = new Set(installed.flatMap((i) => i.aliases));
    return starts([...installed.map((i) => i.version), ...lines]);
  }
  if (name === 'install' || name === 'list-remote') {
    try {
      const { loadIndex } = await import('../releases/index.js');
      const index = await loadIndex(ctx, { offline: true, cacheDir });
      const have = new Set(installed.map((i) => i.name));
      const stable = index.filter((r) => r.stable && !have.has(r.version)).map((r) => r.version.slice(2));
      const lines = new Set(stable.map((v) => v.split('.').slice(0, 2).join('.')));
      return starts([...(name === 'install' ? ['latest'] : []), ...lines, ...stable]);
    } catch {
      return name === 'install' ? starts(['latest']) : [];
    }
  }
  return [];
}
