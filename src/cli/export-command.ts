// `matdiff export "<expr>" --wrt W [--wrt b] [--vars "..."] --lang js|ts|numpy|torch [-o FILE]`:
// the function and its gradients as code (`--jacobian` / `--hessian`: f and the Jacobian-vector or
// Hessian-vector product). The result is derived and checked first, as for derive: a failed check
// exits 1 and writes no code (code is never exported from an unverified result).
import { derive, CheckFailed } from '../engine/derive.js';
import { jacobian, hessian, JacobianCheckFailed } from '../engine/jacobian.js';
import { exportCode, CODE_LANGS, type CodeLang } from '../export/index.js';
import { MatdiffError, visible } from '../errors.js';
import { nearest } from '../parse/suggest.js';
import { parseArgs } from './args.js';
import type { CliIO } from './io.js';

export const EXPORT_HELP = `matdiff export — the function and its gradient as code you can run

Usage:
  matdiff export "<expr>" --wrt W [--wrt b] [--vars "..."] --lang js|ts|numpy|torch [-o FILE]
  matdiff export "<expr>" --wrt x --jacobian --lang LANG [-o FILE]    f and jvp(…, v)
  matdiff export "<expr>" --wrt x --hessian --lang LANG [-o FILE]     f, fAndG and hvp(…, v)

Languages:
  js      a dependency-free ES module: f(vars, dims), fAndG(vars, dims, out?), checkGradient(…)
  ts      the same with types (Vars, Dims, Gradient, Result)
  numpy   a Python module: f(W, x, …), fAndG(W, x, …) -> (value, gradient), check_gradient(…)
  torch   the same for PyTorch tensors

The result is checked numerically before any code is written (--no-check skips the check, and
the header then says so); the file's header says the function, the gradient in matdiff syntax,
the layout and the conventions.

Example:
  matdiff export "v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)" --wrt W --vars "W: n x m; x: m; y: n" --lang ts -o loss.ts
`;

/** the command line as typed, for the file's header (the arguments quoted where they need it) */
function commandLine(argv: readonly string[]): string {
  const quote = (a: string) => (/^[\w./:=,-]+$/.test(a) ? a : `"${a.replace(/(["\\$`])/g, '\\$1')}"`);
  return ['matdiff', 'export', ...argv.map(quote)].join(' ');
}

export function runExport(argv: string[], io: CliIO): number {
  const a = parseArgs(argv, { options: ['wrt', 'vars', 'lang', 'o', 'output', 'seed'], flags: ['help', 'h', 'jacobian', 'hessian', 'no-check'], single: ['lang', 'o', 'output', 'seed'] });
  if (a.flags.has('help') || a.flags.has('h')) {
    io.stdout(EXPORT_HELP);
    return 0;
  }
  if (a.positional.length !== 1) {
    throw new MatdiffError('parse', a.positional.length === 0 ? 'export needs an expression: matdiff export "<expr>" --wrt W --lang js' : `export takes one expression (quote it), got ${a.positional.length} arguments`);
  }
  const wrt = (a.options.get('wrt') ?? []).flatMap((w) => w.split(/[\s,]+/).filter(Boolean));
  if (wrt.length === 0) throw new MatdiffError('unknown-name', 'give the variable to differentiate with respect to: --wrt W');
  const lang = a.options.get('lang')?.[0];
  if (lang === undefined) throw new MatdiffError('parse', 'give the language of the code: --lang js, ts, numpy or torch');
  if (!(CODE_LANGS as readonly string[]).includes(lang)) {
    const near = nearest(lang, CODE_LANGS);
    throw new MatdiffError('parse', `unknown language \`${lang}\` for export`, { hint: `${near ? `did you mean \`${near}\`? ` : ''}languages: ${CODE_LANGS.join(', ')}` });
  }
  if (a.flags.has('jacobian') && a.flags.has('hessian')) throw new MatdiffError('parse', 'give --jacobian or --hessian, not both: one export each');
  const vars = (a.options.get('vars') ?? []).join('; ');
  const seed = a.options.get('seed')?.[0];
  const check = a.flags.has('no-check') ? false : seed !== undefined ? { seed: Number(seed) } : true;
  const file = a.options.get('o')?.[0] ?? a.options.get('output')?.[0];
  const expr = a.positional[0]!;
  const opts = { command: commandLine(argv) };
  let code: string;
  try {
    const result = a.flags.has('jacobian') ? jacobian(expr, { wrt: wrt.join(', '), vars, check }) : a.flags.has('hessian') ? hessian(expr, { wrt: wrt.join(', '), vars, check }) : derive(expr, { wrt, vars, check });
    code = exportCode(result, lang as CodeLang, opts);
  } catch (e) {
    if (e instanceof CheckFailed || e instanceof JacobianCheckFailed) {
      io.stderr(`${e.format()}\nmatdiff: no code was written: the numeric check failed, and matdiff exports only checked results. Please report it.\n`);
      return 1;
    }
    throw e;
  }
  if (file) {
    io.writeFile(file, code);
    io.stderr(`matdiff: wrote the ${lang} module to ${visible(file)}\n`);
  } else io.stdout(code);
  return 0;
}
