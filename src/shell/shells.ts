/**
 * The shells gosw supports: the one table the CLI (`--shell`, `gosw completion`), completion
 * candidates and `gosw env` read. Adding a shell starts with a row here.
 */
export const SHELLS = ['bash', 'zsh'] as const;

export type ShellName = (typeof SHELLS)[number];

export function isShell(s: string): s is ShellName {
  return (SHELLS as readonly string[]).includes(s);
}

export interface ShellRow {
  /**
   * The prompt hook `gosw env` prints first (src/shell/init.ts inlines its text), rendered from
   * shell/hook.sh.in by scripts/render-hooks.mjs (whose HOOK_SHELLS lists the same shells;
   * test/e2e/hook-render.test.ts holds the two lists and these paths together).
   */
  readonly hook: string;
}

export const SHELL_ROWS: Readonly<Record<ShellName, ShellRow>> = {
  bash: { hook: 'generated/hooks/gosw.bash' },
  zsh: { hook: 'generated/hooks/gosw.zsh' },
};
