/**
 * The one colour rule: colour follows the stream it is written to (stdout's tty for stdout, stderr's
 * for stderr), so `gosw doctor > file` or `| grep` gets plain text. The environment can overrule the
 * tty test, in this order:
 *   FORCE_COLOR   set and non-empty: `0`/`false` turn colour off, anything else on (Node's own rule,
 *                 which also puts it above NO_COLOR)
 *   NO_COLOR      any non-empty value: off (no-color.org)
 *   CLICOLOR_FORCE non-empty and not `0`: on (bixense.com/clicolors)
 *   TERM=dumb     off
 */
export function colorEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  if (env.CLICOLOR_FORCE && env.CLICOLOR_FORCE !== '0') return true;
  return isTTY && env.TERM !== 'dumb';
}

export type Hue = 'red' | 'green' | 'yellow' | 'bold';

const SGR: Record<Hue, number> = { red: 31, green: 32, yellow: 33, bold: 1 };

/** Wraps text in an SGR colour when `on`, else returns it unchanged. */
export function paint(on: boolean, hue: Hue, text: string): string {
  return on ? `\x1b[${SGR[hue]}m${text}\x1b[0m` : text;
}
