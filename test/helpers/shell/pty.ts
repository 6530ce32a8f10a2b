/**
 * A real interactive bash or zsh on a pseudo-terminal, through util-linux `script`:
 *   script -qfec "bash --noprofile --rcfile <rc> -i" /dev/null
 *   script -qfec "zsh -f -i" /dev/null        (then `source <rc>` is typed as the first command)
 *
 * Output is parsed through markers only, never by sleeping or by prompt shapes:
 *   run(cmd)   types `cmd`, then `__m N`; waits (with a deadline) for `@@END:N@@`, which only the
 *              __m function prints (the echo of the typed line shows `__m N`, never the marker).
 *              The prompt hook runs before the shell reads `__m N`, so what it printed is in the
 *              segment returned.
 *   vars(...)  prints `@@Q:NAME=value@@` or `@@Q:NAME:unset@@` for each name.
 * CR and terminal escape sequences are stripped from what is returned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ShellName } from './shells.js';

export interface InteractiveOptions {
  shell: ShellName;
  env: Record<string, string>;
  cwd: string;
  /** Where the rc file is written. */
  dir: string;
  /**
   * The user's rc file body (it must set up gosw itself: eval "$(gosw env ...)" or a source).
   * The helper functions and PS1 are appended after it unless helpersFirst.
   */
  rc: string;
  /** Define __m/__q and PS1 before the body (e.g. so the body can use them). */
  helpersFirst?: boolean;
  /** Deadline for each step. Default 10 s. */
  stepTimeoutMs?: number;
}

const PROMPT_BASH = `PS1='[ps:$?]\\$ '`;
const PROMPT_ZSH = `PS1='[ps:%?]%# '`;

function helpers(shell: ShellName): string {
  if (shell === 'bash') {
    return [
      `__m() { printf '\\n@@END:%s@@\\n' "$1"; }`,
      `__q() { local v; for v in "$@"; do if [[ -v $v ]]; then printf '@@Q:%s=%s@@\\n' "$v" "\${!v}"; else printf '@@Q:%s:unset@@\\n' "$v"; fi; done; }`,
      `bind 'set enable-bracketed-paste off' 2>/dev/null`,
      PROMPT_BASH,
      '',
    ].join('\n');
  }
  return [
    `__m() { printf '\\n@@END:%s@@\\n' "$1"; }`,
    `__q() { local v; for v in "$@"; do if [[ -v $v ]]; then printf '@@Q:%s=%s@@\\n' "$v" "\${(P)v}"; else printf '@@Q:%s:unset@@\\n' "$v"; fi; done; }`,
    `unsetopt prompt_sp prompt_cr 2>/dev/null`,
    PROMPT_ZSH,
    '',
  ].join('\n');
}

export function clean(s: string): string {
  return s
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
    .replace(/\x1b[()][0-9A-Za-z]/g, '')
    .replace(/\x1b[=>78]/g, '')
    .replace(/\r/g, '');
}

export class InteractiveShell {
  readonly child: ChildProcess;
  private raw = '';
  /** Index in clean(raw) up to which output was handed out. */
  private consumed = 0;
  private seq = 0;
  private exited = false;
  private exitPromise: Promise<number | null>;
  private waiters: Array<() => void> = [];
  readonly stepTimeoutMs: number;
  readonly shell: ShellName;

  private constructor(opts: InteractiveOptions, rcFile: string) {
    this.shell = opts.shell;
    this.stepTimeoutMs = opts.stepTimeoutMs ?? 10_000;
    const inner = opts.shell === 'bash' ? `bash --noprofile --rcfile ${rcFile} -i` : 'zsh -f -i';
    this.child = spawn('script', ['-qfec', inner, '/dev/null'], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const onData = (d: Buffer) => {
      this.raw += d.toString('utf8');
      for (const w of this.waiters.splice(0)) w();
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.exitPromise = new Promise((resolve) => {
      this.child.on('close', (code) => {
        this.exited = true;
        for (const w of this.waiters.splice(0)) w();
        resolve(code);
      });
    });
  }

  /** Starts the shell and waits until its rc has run and a prompt was shown. */
  static async start(opts: InteractiveOptions): Promise<InteractiveShell> {
    const rcFile = path.join(opts.dir, `rc-${Date.now()}-${Math.random().toString(36).slice(2)}.${opts.shell}`);
    const body = opts.helpersFirst ? `${helpers(opts.shell)}\n${opts.rc}\n` : `${opts.rc}\n${helpers(opts.shell)}`;
    writeFileSync(rcFile, body);
    const sh = new InteractiveShell(opts, rcFile);
    await sh.run(opts.shell === 'zsh' ? `source ${rcFile}` : '');
    return sh;
  }

  /** Everything printed so far, as the terminal got it. */
  rawTranscript(): string {
    return this.raw;
  }

  /** Everything printed so far, cleaned. */
  transcript(): string {
    return clean(this.raw);
  }

  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  private async waitFor(re: RegExp, from: number, what: string, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.transcript();
      re.lastIndex = from;
      const m = re.exec(text);
      if (m) return m;
      if (this.exited) throw new Error(`${this.shell} exited while waiting for ${what}; transcript tail:\n${text.slice(-3000)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.shell}: no ${what} within ${timeoutMs} ms; transcript tail:\n${text.slice(-3000)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Types cmd (empty: `:`), then the marker line; returns the output since the previous step: the
   * echo of the typed line, what it printed, and what the prompt hook printed at the prompt after it.
   * (What the hook prints at the prompt after the marker line belongs to the next step.)
   */
  async run(cmd: string, timeoutMs = this.stepTimeoutMs): Promise<string> {
    const n = ++this.seq;
    // An empty step still types a no-op command, so that a prompt (and the hook) runs before the marker.
    this.send(cmd === '' ? ':' : cmd);
    this.send(`__m ${n}`);
    const m = await this.waitFor(
      new RegExp(`@@END:${n}@@`, 'g'),
      this.consumed,
      `marker @@END:${n}@@ after ${JSON.stringify(cmd)}`,
      timeoutMs,
    );
    const seg = this.transcript().slice(this.consumed, m.index);
    this.consumed = m.index + m[0].length;
    return seg;
  }

  /** Values of shell variables (undefined = unset), as seen by the next command line. */
  async vars(...names: string[]): Promise<Record<string, string | undefined>> {
    const seg = await this.run(`__q ${names.join(' ')}`);
    const out: Record<string, string | undefined> = {};
    for (const name of names) {
      const set = new RegExp(`@@Q:${name}=(.*?)@@\\n`).exec(seg);
      const unset = new RegExp(`@@Q:${name}:unset@@`).exec(seg);
      if (!set && !unset) throw new Error(`${this.shell}: no value printed for ${name}; segment:\n${seg}`);
      out[name] = set ? set[1] : undefined;
    }
    return out;
  }

  async v(name: string): Promise<string | undefined> {
    return (await this.vars(name))[name];
  }

  /** Types `exit` and waits (bounded); kills the shell if it does not go. */
  async close(): Promise<void> {
    if (this.exited) return;
    try {
      this.send('exit');
      this.child.stdin!.end();
    } catch {
      /* already gone */
    }
    const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exitPromise;
    clearTimeout(t);
  }
}
