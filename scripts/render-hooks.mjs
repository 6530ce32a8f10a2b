#!/usr/bin/env node
// Renders the prompt hooks generated/hooks/gosw.bash and gosw.zsh from the one template
// shell/hook.sh.in (its first lines describe the syntax and the hook's globals).
//
//   node scripts/render-hooks.mjs            write the renderings that changed
//   node scripts/render-hooks.mjs --check    write nothing; exit 1 naming each stale rendering
//   node scripts/render-hooks.mjs --print zsh   the rendering on stdout
//
// It also renders the launcher's fast path, generated/launcher/fast.bash (renderFast).
//
// scripts/build.mjs runs it before bundling (esbuild inlines the rendered files as text) and so
// does the tests' global setup; under CI=1 both only check, so a template edited without
// committing its renderings fails the build instead of being fixed silently on the CI machine.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The shells a hook is rendered for; each is written to generated/hooks/gosw.<name> (src/shell/shells.ts). */
export const HOOK_SHELLS = ['bash', 'zsh'];
export const TEMPLATE = 'shell/hook.sh.in';
export const hookFile = (shell) => `generated/hooks/gosw.${shell}`;

/**
 * The unrolled memo check of slot `slot`: `$z -nt <path>` for the first `count` paths of
 * __gosw_m<slot>_chk, four to a line. bash indexes from 0 and reads a missing slot as "" (always
 * older: bash's -nt is true when the right side does not exist); zsh indexes from 1 and, since its
 * -nt is false there, repeats the first path for a missing slot.
 */
function fresh(shell, slot, count) {
  const a = `__gosw_m${slot}_chk`;
  const tests = [];
  for (let i = 0; i < count; i++) {
    if (shell === 'bash') tests.push(i === 0 ? `$z -nt \${${a}[0]}` : `$z -nt \${${a}[${i}]-}`);
    else tests.push(i === 0 ? `$z -nt \${${a}[1]}` : `$z -nt \${${a}[${i + 1}]:-$${a}[1]}`);
  }
  const lines = [];
  for (let i = 0; i < tests.length; i += 4) lines.push(tests.slice(i, i + 4).join(' && '));
  return `[[ ${lines.join(' &&\n      ')} ]]`;
}

/** Replaces the {{...}} tokens of one line. */
function inline(line, shell, vars, where) {
  return line.replace(/\{\{([^}]*)\}\}/g, (_, token) => {
    const words = token.trim().split(/\s+/);
    const [name, ...args] = words;
    if (name === 'shell') return shell;
    if (name === 'g') return shell === 'zsh' ? 'typeset -g ' : '';
    if (name === '!') return shell === 'zsh' ? '^' : '!';
    if (name === 'fresh' && args.length === 2) return fresh(shell, vars[args[0]] ?? args[0], Number(args[1]));
    if (name in vars && args.length === 0) return vars[name];
    throw new Error(`${where}: unknown token {{${token}}}`);
  });
}

/** Renders the template text for one shell. */
export function render(template, shell) {
  if (!HOOK_SHELLS.includes(shell)) throw new Error(`no hook for shell '${shell}'`);
  const src = template.split('\n');
  if (src.at(-1) === '') src.pop();
  const out = [];
  // Blocks: {kind: 'if', shells, on (the branch taken), parentOn} or {kind: 'each', ...}.
  let i = 0;
  const walk = (vars, until) => {
    // Renders lines from i until a matching #end (returns) or the end of the text.
    const ifs = [];
    const active = () => ifs.every((b) => b.on);
    while (i < src.length) {
      const line = src[i];
      const where = `${TEMPLATE}:${i + 1}`;
      i++;
      if (line.startsWith('#:')) continue;
      let m;
      if ((m = /^#if (\w+)$/.exec(line))) {
        if (!HOOK_SHELLS.includes(m[1])) throw new Error(`${where}: #if of an unknown shell '${m[1]}'`);
        ifs.push({ on: m[1] === shell, where, seenElse: false });
        continue;
      }
      if (line === '#else') {
        const b = ifs.at(-1);
        if (!b || b.seenElse) throw new Error(`${where}: #else without #if`);
        b.on = !b.on;
        b.seenElse = true;
        continue;
      }
      if (line === '#end') {
        if (ifs.length > 0) {
          ifs.pop();
          continue;
        }
        if (until) return;
        throw new Error(`${where}: #end without #if or #each`);
      }
      if ((m = /^#each (\w+) in ((?:\S+ ?)+)$/.exec(line))) {
        const start = i;
        const values = m[2].trim().split(' ');
        for (const v of values) {
          i = start;
          const saved = out.length;
          walk({ ...vars, [m[1]]: v }, where);
          if (!active()) out.length = saved;
        }
        continue;
      }
      if (/^#(if|else|end|each)\b/.test(line)) throw new Error(`${where}: malformed directive '${line}'`);
      if (!active()) continue;
      const one = /^(\s*)@(\w+) (.*)$/.exec(line);
      if (one) {
        if (!HOOK_SHELLS.includes(one[2])) throw new Error(`${where}: @${one[2]} is no shell`);
        if (one[2] === shell) out.push(inline(one[1] + one[3], shell, vars, where));
        continue;
      }
      out.push(inline(line, shell, vars, where));
    }
    if (ifs.length > 0) throw new Error(`${ifs.at(-1).where}: #if without #end`);
    if (until) throw new Error(`${until}: #each without #end`);
  };
  walk({}, undefined);
  return `${out.join('\n')}\n`;
}

/**
 * The launcher's fast path (shell/fast.sh explains it): one bash file holding the bash hook's
 * resolver as rendered above, the shared shell files it needs, and the fast path itself, so the
 * everyday read-only commands answer with the very functions the prompt hook runs.
 */
export const FAST_FILE = 'generated/launcher/fast.bash';
export const FAST_PARTS = [
  'shell/fast.sh',
  'shell/fast-store.sh',
  hookFile('bash'),
  'shell/fast-run.sh',
  'shell/mounts.sh',
  'shell/gocache.sh',
  'shell/fast-env.sh',
];

export function renderFast(template) {
  const parts = FAST_PARTS.map((p) => (p === hookFile('bash') ? render(template, 'bash') : readFileSync(`${root}/${p}`, 'utf8')));
  const head = `# shellcheck shell=bash\n# Generated by scripts/render-hooks.mjs from ${FAST_PARTS.join(', ')}: do not edit.\n`;
  return head + parts.map((t, i) => `\n# ---- ${FAST_PARTS[i]}\n${t}`).join('');
}

/** Renders every hook and the fast path; writes the changed ones, or (check) only says which are stale. */
export function renderHooks({ check = false } = {}) {
  const template = readFileSync(`${root}/${TEMPLATE}`, 'utf8');
  const stale = [];
  const outputs = [
    ...HOOK_SHELLS.map((shell) => [hookFile(shell), () => render(template, shell)]),
    [FAST_FILE, () => renderFast(template)],
  ];
  for (const [name, make] of outputs) {
    const file = `${root}/${name}`;
    const text = make();
    let old = null;
    try {
      old = readFileSync(file, 'utf8');
    } catch {
      // not there yet
    }
    if (old === text) continue;
    stale.push(name);
    if (!check) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args[0] === '--print') {
    process.stdout.write(render(readFileSync(`${root}/${TEMPLATE}`, 'utf8'), args[1]));
  } else {
    const check = args.includes('--check');
    const stale = renderHooks({ check });
    if (check && stale.length > 0) {
      console.error(`render-hooks: ${stale.join(', ')} differ from ${TEMPLATE}: run node scripts/render-hooks.mjs and commit them`);
      process.exit(1);
    }
    for (const f of stale) console.error(`render-hooks: wrote ${f}`);
  }
}
