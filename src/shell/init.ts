import { readFileSync } from 'node:fs';
import path from 'node:path';
import gocacheInit from '../../shell/gocache.sh';
import memoInit from '../../shell/memo.sh';
import mountsInit from '../../shell/mounts.sh';
import bashInit from '../../generated/hooks/gosw.bash';
import zshInit from '../../generated/hooks/gosw.zsh';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';

import { isShell, SHELLS, type ShellName } from './shells.js';

export type { ShellName };

/** The hook text of each shell (SHELL_ROWS[shell].hook, rendered from shell/hook.sh.in). */
const HOOKS: Record<ShellName, string> = { bash: bashInit, zsh: zshInit };

/** Single-quotes a word for bash and zsh. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The init code `eval "$(gosw env)"` runs: the shell's hook (shell/gosw.<shell>, rendered from
 * shell/hook.sh.in), then mounts.sh, gocache.sh and memo.sh, which both shells read alike (in that
 * order: each file only calls functions of the ones before it at load time, and memo.sh's init
 * runs last), with the path of the executable to call back filled in. Nothing else is baked in:
 * the store and GOCACHE are worked out by the shell code from the environment of the shell that
 * evaluates it, which is what lets the launcher (shell/launcher.sh) serve a copy made at install
 * time without starting Node.
 */
export function initScript(shell: ShellName, bin: string): string {
  return `${HOOKS[shell].replace('@GOSW_BIN@', shellQuote(bin))}\n${mountsInit}\n${gocacheInit}\n${memoInit}`;
}

/** The executable the shell code calls back: the launcher if we came through it, else ourselves. */
export function selfCommand(ctx: Context): string {
  if (ctx.env.GOSW_LAUNCHER && path.isAbsolute(ctx.env.GOSW_LAUNCHER)) return ctx.env.GOSW_LAUNCHER;
  return ctx.self.script ? path.resolve(ctx.self.script) : ctx.self.execPath;
}

/** --shell, else the shell that runs us ($(gosw env) runs in a subshell of it), else $SHELL. */
export function detectShell(ctx: Context, given?: string): ShellName {
  if (given !== undefined) {
    if (isShell(given)) return given;
    throw usageError(`unsupported shell '${given}'`, `gosw supports: ${SHELLS.join(', ')}`);
  }
  const candidates: string[] = [];
  try {
    candidates.push(readFileSync(`/proc/${process.ppid}/comm`, 'utf8').trim());
  } catch {
    // not Linux, or no /proc
  }
  if (ctx.env.SHELL) candidates.push(path.basename(ctx.env.SHELL));
  for (const c of candidates) {
    const name = c.replace(/^-/, '');
    if (isShell(name)) return name;
  }
  throw usageError('cannot tell which shell this is', 'say it: eval "$(gosw env --shell bash)" or --shell zsh');
}
