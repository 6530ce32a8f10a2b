import type { Warning } from './current.js';

/**
 * How the read-only commands (current, local, global) show what they found. The launcher's fast
 * path (shell/fast.sh) prints the same lines without Node: change both, and
 * test/e2e/launcher-fast.test.ts holds them to the same bytes.
 */

/** A path or text for the terminal: C0/C1 control characters (escape sequences, newlines) become '?'. */
export function safe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** The one-line notice for a version file (or GOSW_VERSION) that names no Go version. */
export function warningLine(w: Warning): string {
  return `gosw: ignoring ${safe(w.where)}: ${JSON.stringify(w.content.slice(0, 60))} is not a Go version`;
}
