// Memoisation of data derived from a whole configuration (indexes, name sets): computed on first use,
// kept as long as the configuration lives. Rules ask the same question for every resource; answering
// it from the configuration each time is quadratic on large modules.

import type { Configuration } from './resource';

/** Wraps `compute` so that it runs once per configuration and key; later calls return the stored result. */
export function perConfiguration<T>(compute: (config: Configuration, key: string) => T): (config: Configuration, key?: string) => T {
  const store = new WeakMap<Configuration, Map<string, T>>();
  return (config, key = '') => {
    let perKey = store.get(config);
    if (perKey === undefined) store.set(config, (perKey = new Map()));
    if (perKey.has(key)) return perKey.get(key) as T;
    const value = compute(config, key);
    perKey.set(key, value);
    return value;
  };
}
