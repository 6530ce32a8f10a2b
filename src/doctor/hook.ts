import { readFileSync, readlinkSync } from 'node:fs';

/**
 * Is the shell that ran `gosw doctor` the one that loaded the hook (GOSW_HOOK_PID, exported by the
 * init)? Not simply "is our parent that pid": `gosw doctor | grep hook`, `gosw doctor --json | jq`
 * and `$(gosw doctor)` run gosw from a subshell, a fork of the hooked shell with a pid of its own
 * (the `gosw` shell function runs there too). A fork has the hooked shell's hook and functions, so
 * it counts as "this shell"; a new shell started from it (`bash --norc`) does not, though it
 * inherits GOSW_HOOK_PID from the environment.
 *
 * A fork shares its parent's executable and its exec-time environment block
 * (/proc/<pid>/environ, copied by fork, replaced only by exec): so we walk up from our parent
 * through processes with the same executable and the same environ bytes as the hooked shell, a
 * few steps at most. A new shell started from the hooked one was exec'd with GOSW_HOOK_PID already
 * exported, so its environ differs from that of the shell that set it. Where /proc cannot answer
 * (macOS, another user's process), only the direct parent counts, as before.
 */
export function hookLoadedHere(hookPid: string | undefined, parentPid: number, proc = '/proc'): boolean {
  if (!hookPid || !/^[1-9][0-9]*$/.test(hookPid)) return false;
  if (String(parentPid) === hookPid) return true;
  const hook = identity(proc, hookPid);
  if (!hook) return false;
  let pid = String(parentPid);
  for (let step = 0; step < 8; step++) {
    const me = identity(proc, pid);
    if (!me || me.exe !== hook.exe || !me.environ.equals(hook.environ)) return false;
    const parent = parentOf(proc, pid);
    if (!parent || parent === '0') return false;
    if (parent === hookPid) return true;
    pid = parent;
  }
  return false;
}

function identity(proc: string, pid: string): { exe: string; environ: Buffer } | undefined {
  try {
    return { exe: readlinkSync(`${proc}/${pid}/exe`), environ: readFileSync(`${proc}/${pid}/environ`) };
  } catch {
    return undefined;
  }
}

/** The parent pid from /proc/<pid>/stat (after the command name, which may hold spaces and parens). */
function parentOf(proc: string, pid: string): string | undefined {
  try {
    const stat = readFileSync(`${proc}/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[1];
  } catch {
    return undefined;
  }
}
