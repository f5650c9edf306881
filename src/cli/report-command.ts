// `matdiff report "<expr>" --wrt W [--vars "..."] [--format text|md|latex|html|json] [-o file]`:
// the derivation step by step. Exit codes as for derive: 0 success, 1 the numeric check failed
// (no report is written: a report never shows an unchecked step), 2 bad input (and a function
// that cannot be checked at any point, as derive), 3 internal error.
import { derive, CheckFailed } from '../engine/derive.js';
import { jacobian, hessian, JacobianCheckFailed, type Layout } from '../engine/jacobian.js';
import { isMatdiffError, MatdiffError, visible } from '../errors.js';
import { failure } from './fail.js';
import { nodeIO, type CliIO } from './io.js';
import { parseArgs } from './args.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/index.js';
import { nearest } from '../parse/suggest.js';

export const REPORT_HELP = `matdiff report — the derivation step by step, every line named, cited and checked

Usage:
  matdiff report "<expr>" --wrt W [--wrt x ...] [--vars "<declarations>"] [--format FORMAT] [-o FILE]
  matdiff report "<expr>" --wrt x --jacobian [--layout numerator|denominator] [--format FORMAT] [-o FILE]
  matdiff report "<expr>" --wrt x --hessian [--format FORMAT] [-o FILE]

Formats:
  text   Unicode for a terminal (the default)
  md     Markdown with $$ LaTeX
  latex  a standalone LaTeX document
  html   one self-contained page, math typeset by KaTeX (opens offline)
  json   the steps as data: rule ids, the line before and after, each line's check

--jacobian: the Jacobian of a vector or matrix function, d vec F = J d vec X read off by the
first identification theorem; --hessian: the second differential d²f = dG : dX and H.

Example:
  matdiff report "softmax(z)" --wrt z --jacobian --format md
  matdiff report "v = W*x; s = sigmoid(v); E = 1/2*(s - y):(s - y)" --wrt W --vars "W: n x m; x: m; y: n" --format html -o seed003.html
`;

export function runReport(argv: string[], io: CliIO = nodeIO()): number {
  const out = (s: string) => io.stdout(s);
  const err = (s: string) => io.stderr(s + '\n');
  try {
    const a = parseArgs(argv, { options: ['wrt', 'vars', 'format', 'o', 'output', 'layout'], flags: ['help', 'h', 'jacobian', 'hessian'], single: ['format', 'o', 'output', 'layout'] });
    if (a.flags.has('help') || a.flags.has('h')) {
      out(REPORT_HELP);
      return 0;
    }
    if (a.positional.length !== 1) {
      throw new MatdiffError('parse', a.positional.length === 0 ? 'report needs an expression: matdiff report "<expr>" --wrt W' : `report takes one expression (quote it), got ${a.positional.length} arguments`);
    }
    const wrt = (a.options.get('wrt') ?? []).flatMap((w) => w.split(/[\s,]+/).filter(Boolean));
    if (wrt.length === 0) throw new MatdiffError('unknown-name', 'give the variable to differentiate with respect to: --wrt W');
    const format = (a.options.get('format')?.at(-1) ?? 'text') as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) {
      const near = nearest(format, REPORT_FORMATS);
      throw new MatdiffError('parse', `unknown report format \`${format}\``, { hint: near ? `did you mean \`${near}\`? (formats: ${REPORT_FORMATS.join(', ')})` : `formats: ${REPORT_FORMATS.join(', ')}` });
    }
    const file = a.options.get('o')?.at(-1) ?? a.options.get('output')?.at(-1);
    const vars = (a.options.get('vars') ?? []).join('; ');
    if (a.flags.has('jacobian') && a.flags.has('hessian')) throw new MatdiffError('parse', 'give --jacobian or --hessian, not both: one report each');
    const layout = a.options.get('layout')?.[0];
    if (layout !== undefined && !a.flags.has('jacobian')) throw new MatdiffError('parse', '--layout is an option of a Jacobian report: add --jacobian');
    if (layout !== undefined && layout !== 'numerator' && layout !== 'denominator') throw new MatdiffError('parse', `unknown layout \`${layout}\``, { hint: 'layouts: numerator (the default), denominator' });
    const expr = a.positional[0]!;
    const text = a.flags.has('jacobian')
      ? jacobian(expr, { wrt: wrt.join(', '), vars, layout: layout as Layout | undefined }).report(format)
      : a.flags.has('hessian')
        ? hessian(expr, { wrt: wrt.join(', '), vars }).report(format)
        : derive(expr, { wrt, vars }).report(format);
    if (file) {
      io.writeFile(file, text);
      err(`matdiff: wrote the ${format} report to ${visible(file)}`);
    } else out(text);
    return 0;
  } catch (e) {
    if (e instanceof CheckFailed || e instanceof JacobianCheckFailed) {
      err(e.format());
      err('matdiff: no report was written: the numeric check failed, and a report never shows an unchecked step. Please report it.');
      return 1;
    }
    // no point of the function could be checked ("cannot check", a MatdiffError of kind 'check'
    // that is not a CheckFailed): as for derive, a mistake in the input (exit 2), and no report
    if (isMatdiffError(e) && e.kind === 'check') {
      const code = failure(e, io);
      err('matdiff: no report was written: a report never shows an unchecked step.');
      return code;
    }
    return failure(e, io);
  }
}
