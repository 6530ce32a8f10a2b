/** The extraction worker, bundled separately by scripts/build.mjs and inlined as source text. */
declare module 'gosw:extract-worker' {
  const source: string;
  export default source;
}

declare module '*.bash' {
  const text: string;
  export default text;
}

declare module '*.zsh' {
  const text: string;
  export default text;
}

declare module '*.sh' {
  const text: string;
  export default text;
}
