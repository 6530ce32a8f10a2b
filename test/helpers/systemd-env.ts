/**
 * systemd's EnvironmentFile= reader, ported state for state from src/basic/env-file.c
 * (parse_env_file_internal, systemd/systemd at 0002453b101dc85db2be76703a85297a59c646a9), so tests
 * can read back what `gosw env --format systemd` writes the way systemd does. Constants from
 * src/basic/string-util.h: WHITESPACE " \t\n\r", NEWLINE "\n\r", COMMENTS "#;", and from
 * src/basic/escape.h: SHELL_NEED_ESCAPE "\"\\`$". Like load_env_file, a later assignment of a key
 * replaces an earlier one; a key with no value is "". (Values with invalid UTF-8 are dropped by
 * systemd; tests only write UTF-8.)
 */
const WHITESPACE = ' \t\n\r';
const NEWLINE = '\n\r';
const COMMENTS = '#;';
const SHELL_NEED_ESCAPE = '"\\`$';

type State = 'PRE_KEY' | 'KEY' | 'PRE_VALUE' | 'VALUE' | 'VALUE_ESCAPE' | 'SQ' | 'DQ' | 'DQ_ESCAPE' | 'COMMENT' | 'COMMENT_ESCAPE';

export function parseSystemdEnvFile(contents: string): Map<string, string> {
  const out = new Map<string, string>();
  let state: State = 'PRE_KEY';
  let key = '';
  let value = '';
  let lastKeyWs = -1; // SIZE_MAX in C: -1 here
  let lastValueWs = -1;
  const push = (chompValue: boolean) => {
    let k = key;
    let v = value;
    if (chompValue && lastValueWs !== -1) v = v.slice(0, lastValueWs);
    if (lastKeyWs !== -1) k = k.slice(0, lastKeyWs);
    out.set(k, v);
    key = '';
    value = '';
  };
  for (const c of contents) {
    switch (state) {
      case 'PRE_KEY':
        if (COMMENTS.includes(c)) state = 'COMMENT';
        else if (!WHITESPACE.includes(c)) {
          state = 'KEY';
          lastKeyWs = -1;
          key += c;
        }
        break;
      case 'KEY':
        if (NEWLINE.includes(c)) {
          state = 'PRE_KEY';
          key = '';
        } else if (c === '=') {
          state = 'PRE_VALUE';
          lastValueWs = -1;
        } else {
          if (!WHITESPACE.includes(c)) lastKeyWs = -1;
          else if (lastKeyWs === -1) lastKeyWs = key.length;
          key += c;
        }
        break;
      case 'PRE_VALUE':
        if (NEWLINE.includes(c)) {
          state = 'PRE_KEY';
          push(false);
        } else if (c === "'") state = 'SQ';
        else if (c === '"') state = 'DQ';
        else if (c === '\\') state = 'VALUE_ESCAPE';
        else if (!WHITESPACE.includes(c)) {
          state = 'VALUE';
          value += c;
        }
        break;
      case 'VALUE':
        if (NEWLINE.includes(c)) {
          state = 'PRE_KEY';
          push(true);
        } else if (c === '\\') {
          state = 'VALUE_ESCAPE';
          lastValueWs = -1;
        } else {
          if (!WHITESPACE.includes(c)) lastValueWs = -1;
          else if (lastValueWs === -1) lastValueWs = value.length;
          value += c;
        }
        break;
      case 'VALUE_ESCAPE':
        state = 'VALUE';
        if (!NEWLINE.includes(c)) value += c; // escaped newlines are eaten entirely
        break;
      case 'SQ':
        if (c === "'") state = 'PRE_VALUE';
        else value += c;
        break;
      case 'DQ':
        if (c === '"') state = 'PRE_VALUE';
        else if (c === '\\') state = 'DQ_ESCAPE';
        else value += c;
        break;
      case 'DQ_ESCAPE':
        state = 'DQ';
        if (SHELL_NEED_ESCAPE.includes(c)) value += c;
        else if (c !== '\n') value += '\\' + c; // other characters keep the backslash, like a shell
        break;
      case 'COMMENT':
        if (c === '\\') state = 'COMMENT_ESCAPE';
        else if (NEWLINE.includes(c)) state = 'PRE_KEY';
        break;
      case 'COMMENT_ESCAPE':
        state = NEWLINE.includes(c) ? 'PRE_KEY' : 'COMMENT';
        break;
    }
  }
  if (state === 'PRE_VALUE' || state === 'VALUE' || state === 'VALUE_ESCAPE' || state === 'SQ' || state === 'DQ' || state === 'DQ_ESCAPE') {
    push(state === 'VALUE');
  }
  return out;
}
