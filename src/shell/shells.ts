/**
 * The shells gosw supports: the one table the CLI (`--shell`, `gosw completion`), completion
 * candidates and `gosw env` read. Adding a shell starts with a row here.
 */
export const SHELLS = ['bash', 'zsh'] as const;

export type ShellName = (typeof SHELLS)[number];

export function isShell(s: string): s is ShellName {
  return (SHELLS as readonly string[]).includes(s);
}
