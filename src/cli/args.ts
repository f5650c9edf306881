// A small argument parser for the CLI: `--flag`, `--opt value`, `--opt=value`, repeated options
// collect into lists. Unknown `--options` are errors (nothing is silently dropped); an argument
// with a single leading minus that is no known option is an expression (`-y'*log(p)`).
import { MatdiffError } from '../errors.js';

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: { options: readonly string[]; flags: readonly string[] }): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-[\d.]/.test(a)) {
      const eq = a.indexOf('=');
      const name = (eq >= 0 ? a.slice(0, eq) : a).replace(/^--?/, '');
      if (spec.flags.includes(name)) {
        out.flags.add(name);
        continue;
      }
      if (spec.options.includes(name)) {
        const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new MatdiffError('parse', `option --${name} needs a value`);
        out.options.set(name, [...(out.options.get(name) ?? []), value]);
        continue;
      }
      // `-y'*log(p)` is an expression that starts with a minus, not an option: only `--name`
      // is taken for a misspelt option
      if (a.startsWith('--')) throw new MatdiffError('parse', `unknown option ${a}`, { hint: `options: ${[...spec.options, ...spec.flags].map((o) => (o.length === 1 ? '-' : '--') + o).join(' ')}` });
    }
    out.positional.push(a);
  }
  return out;
}
