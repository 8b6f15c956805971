// A small glob matcher for the `hipaaIac.exclude` setting. Patterns are relative to the workspace folder
// and use `/` separators: `**` spans any number of path segments, `*` and `?` stay within one segment,
// `[abc]` / `[!abc]` are character classes and `{a,b}` alternatives. A pattern that matches a directory
// excludes everything below it (`examples`, `examples/` and `examples/**` are the same).

const cache = new Map<string, RegExp>();

function escapeChar(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? '\\' + char : char;
}

/** Translates one glob pattern into an anchored regular expression over a relative path. */
export function globToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let glob = pattern.trim().replace(/\\/g, '/');
  while (glob.startsWith('./')) glob = glob.slice(2);
  if (glob.startsWith('/')) glob = glob.slice(1);
  while (glob.length > 1 && glob.endsWith('/')) glob = glob.slice(0, -1);
  let source = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*') {
      if (glob[i + 1] === '*') {
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        let j = i + 2;
        while (glob[j] === '*') j++;
        const atSegmentEnd = j === glob.length || glob[j] === '/';
        if (atSegmentStart && atSegmentEnd) {
          if (j === glob.length) {
            // Trailing `**`: anything below (or nothing, which the ancestor rule covers).
            source += '.*';
          } else {
            // `**/`: zero or more whole segments.
            source += '(?:[^/]*/)*';
            j++;
          }
          i = j - 1;
          continue;
        }
        // `**` inside a segment behaves like `*`.
        source += '[^/]*';
        i = j - 1;
        continue;
      }
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        source += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      const escaped = body.replace(/[\\\]^]/g, (c) => '\\' + c);
      source += negate ? `[^/${escaped}]` : `[${escaped}]`;
      i = close;
    } else if (char === '{') {
      braceDepth++;
      source += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth--;
      source += ')';
    } else if (char === ',' && braceDepth > 0) {
      source += '|';
    } else {
      source += escapeChar(char);
    }
  }
  while (braceDepth-- > 0) source += ')';
  const regexp = new RegExp(`^${source}$`);
  cache.set(pattern, regexp);
  return regexp;
}

/** Whether `relativePath` (or one of its ancestor directories) matches `pattern`. */
export function matchesGlob(relativePath: string, pattern: string): boolean {
  if (pattern.trim() === '') return false;
  const regexp = globToRegExp(pattern);
  const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (regexp.test(path)) return true;
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    if (regexp.test(path.slice(0, slash))) return true;
  }
  return false;
}

/** Whether any of `patterns` matches `relativePath`. */
export function matchesAnyGlob(relativePath: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matchesGlob(relativePath, pattern));
}
