// A small argument parser for the CLI: `--flag`, `--opt value`, `--opt=value`, repeated options
// collect into lists (the same value given twice is kept once: `--wrt x --wrt x` is one x), and
// an option that takes one value given twice with different values is an error.
// Unknown `--options` are errors (nothing is silently dropped); an argument with a single leading
// minus that is no known option is an expression (`-y'*log(p)`). The number of arguments, the
// times one option is given and the length of each argument are bounded (src/limits.ts).
import { MatdiffError } from '../errors.js';
import { MAX_ARGS, MAX_ARG_LENGTH, MAX_OPTION_REPEATS } from '../limits.js';

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

/**
 * `single`: options that take one value (`--format`, `-o`, `--seed`): given again with the same
 * value they count once; with another value they are an error, not a silent choice of one.
 */
export function parseArgs(argv: readonly string[], spec: { options: readonly string[]; flags: readonly string[]; single?: readonly string[] }): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: new Map(), flags: new Set() };
  const long = argv.findIndex((a) => a.length > MAX_ARG_LENGTH);
  if (long >= 0) {
    throw new MatdiffError('limit', `argument ${long + 1} is ${argv[long]!.length} characters long; matdiff takes arguments of at most ${MAX_ARG_LENGTH} characters (the limit on argument length)`, { hint: 'is it the right argument?' });
  }
  const times = new Map<string, number>();
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
        const n = (times.get(name) ?? 0) + 1;
        times.set(name, n);
        if (n > MAX_OPTION_REPEATS) {
          throw new MatdiffError('limit', `--${name} is given more than ${MAX_OPTION_REPEATS} times; matdiff takes an option at most ${MAX_OPTION_REPEATS} times (the limit on repeated options)`, {
            hint: name === 'wrt' ? 'give the variables once, as a list: --wrt "W, b"' : `give --${name} once`,
          });
        }
        const values = out.options.get(name) ?? [];
        if (spec.single?.includes(name) && values.length > 0 && !values.includes(value)) {
          throw new MatdiffError('parse', `--${name} is given twice, as \`${values[0]}\` and as \`${value}\`: it takes one value`, { hint: `give --${name} once` });
        }
        if (!values.includes(value)) values.push(value);
        out.options.set(name, values);
        continue;
      }
      // `-y'*log(p)` is an expression that starts with a minus, not an option: only `--name`
      // is taken for a misspelt option
      if (a.startsWith('--')) throw new MatdiffError('parse', `unknown option ${a}`, { hint: `options: ${[...spec.options, ...spec.flags].map((o) => (o.length === 1 ? '-' : '--') + o).join(' ')}` });
    }
    out.positional.push(a);
  }
  // after the loop, so that an option given too often is named as such
  if (argv.length > MAX_ARGS) {
    throw new MatdiffError('limit', `the command has ${argv.length} arguments; matdiff takes at most ${MAX_ARGS} (the limit on arguments)`, { hint: 'give a list of variables as one argument: --wrt "W, b"' });
  }
  return out;
}
