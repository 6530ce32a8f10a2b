/**
 * Issue 13, "doctor | grep hook": in a real interactive bash and zsh (on a pty) that loaded the hook,
 * `gosw doctor` must say the hook is loaded however its output is consumed: piped, captured by
 * `$(...)`, in a `( ... )` subshell. Those run gosw from a fork of the hooked shell (another pid),
 * which is what the old parent-pid test got wrong. A new shell started from the hooked one without
 * loading the hook (`bash --norc`) must still be told the hook is not loaded there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { haveTool } from '../helpers/tools.js';
import { useShellSandbox, withShell } from '../helpers/shell/suite.js';

interface Check {
  id: string;
  level: string;
  message: string;
}

function hookCheck(file: string): Check {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { checks: Check[] };
  const hook = report.checks.filter((c) => c.id === 'hook');
  expect(hook, JSON.stringify(report.checks)).toHaveLength(1);
  return hook[0]!;
}

describe('gosw doctor sees the hook of the shell that runs it, whatever stdout is', () => {
  const ctx = useShellSandbox();

  for (const shell of ['bash', 'zsh'] as const) {
    it.skipIf(shell === 'zsh' && !haveTool('zsh'))(
      `${shell}: piped, captured, in a subshell: loaded; in a new shell without it: not`,
      async () => {
        const out = (name: string) => path.join(ctx.sb.root, `${shell}-${name}.json`);
        await withShell(shell, ctx, {}, async (sh) => {
          // Text through a pipe, as `gosw doctor | grep hook` is typed.
          const grep = await sh.run("gosw doctor | grep -E '^(ok|warn|FAIL) +the gosw (hook|init)'");
          expect(grep).toMatch(/^ok {4}the gosw hook is loaded in this shell$/m);
          expect(grep).not.toContain('not loaded');
          // JSON through a pipe (as `| jq`), through $(...), and from a ( ... ) subshell.
          await sh.run(`gosw doctor --json | cat > '${out('pipe')}'`);
          await sh.run(`x=$(gosw doctor --json); printf '%s\\n' "$x" > '${out('capture')}'`);
          await sh.run(`( gosw doctor --json ) > '${out('subshell')}'`);
          // A shell started from this one that never loaded the hook: GOSW_HOOK_PID is inherited, the hook is not.
          const fresh = shell === 'bash' ? 'bash --norc --noprofile -c' : 'zsh -f -c';
          await sh.run(`${fresh} 'gosw doctor --json; :' | cat > '${out('fresh')}'`);
          await sh.run(`gosw doctor --json > '${out('plain')}'`);
        });
        for (const name of ['pipe', 'capture', 'subshell', 'plain']) {
          const c = hookCheck(out(name));
          expect(c.level, `${name}: ${c.message}`).toBe('ok');
          expect(c.message).toBe('the gosw hook is loaded in this shell');
        }
        const fresh = hookCheck(out('fresh'));
        expect(fresh.level).toBe('warn');
        expect(fresh.message).toContain('not loaded');
      },
    );
  }
});
