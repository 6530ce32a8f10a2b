/**
 * Optimal-string-alignment distance (Levenshtein plus swapping two neighbours), for "did you mean":
 * `lsit` is one step from `list`, as a typist sees it. Inputs are short command and option names.
 */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate nearest to `word`, if it is near enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 0.5 : distance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= Math.max(1, Math.floor((best?.length ?? 0) / 3)) ? best : undefined;
}

/**
 * Words other version managers use (goenv, gvm, mise, asdf, fnm, nvm, g) whose meaning differs from
 * any one gosw command, or splits over several: the hint says which gosw command does what the user
 * most likely meant. Words whose meaning is the same are aliases in the command table instead
 * (ls, rm, remove, versions, ls-remote).
 */
const FOREIGN: Record<string, string> = {
  use: 'to pin this directory: gosw local 1.22; for this shell only: gosw shell 1.22; as the default: gosw global 1.22',
  set: 'to pin this directory: gosw local 1.22; as the default: gosw global 1.22',
  default: 'to set the default version: gosw global 1.22',
  alias: 'to set the default version: gosw global 1.22 (gosw keeps 1.22 and latest pointing at the newest installed)',
  run: 'to run a command with a version: gosw exec 1.22 -- go test ./...',
  x: 'to run a command with a version: gosw exec 1.22 -- go test ./...',
  where: 'to print the GOROOT of a version: gosw which 1.22',
  prefix: 'to print the GOROOT of a version: gosw which 1.22',
  init: 'to load gosw in your shell: eval "$(gosw env)" in ~/.bashrc or ~/.zshrc',
  activate: 'to load gosw in your shell: eval "$(gosw env)" in ~/.bashrc or ~/.zshrc',
  'hook-env': 'to load gosw in your shell: eval "$(gosw env)" in ~/.bashrc or ~/.zshrc',
  latest: 'to see the newest Go: gosw list-remote; to install it: gosw install latest',
  upgrade: 'to install the newest Go: gosw install latest (then gosw global latest)',
  update: 'to install the newest Go: gosw install latest (then gosw global latest)',
  add: 'to install a version: gosw install 1.22',
  i: 'to install a version: gosw install 1.22',
  unset: 'to stop overriding this shell: gosw shell --unset; to drop the default: gosw global --unset',
  deactivate: 'to stop overriding this shell: gosw shell --unset',
};

/** The hint for a word another version manager uses, if gosw spells it differently. */
export function foreignHint(word: string): string | undefined {
  return Object.hasOwn(FOREIGN, word) ? FOREIGN[word] : undefined;
}
