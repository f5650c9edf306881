// `matdiff jacobian` and `matdiff hessian`: the same options as derive (--wrt, --vars, --json,
// --latex, --unicode, --no-check, --seed), and --layout numerator|denominator for a Jacobian.
// A failed numeric check prints the unverified result loudly and exits 1, as derive does.
import { jacobian, hessian, JacobianCheckFailed, type Jacobian, type Layout } from '../engine/jacobian.js';
import { MatdiffError } from '../errors.js';
import { parseArgs } from './args.js';
import { helpText } from './help.js';
import { toText } from '../print/print.js';
import { showShape } from '../core/shape.js';
import { MAX_PRINTED } from '../limits.js';
import type { CliIO } from './io.js';
import { assumedLine } from '../parse/assumed.js';

type Style = 'text' | 'unicode' | 'latex';

function json(r: Jacobian) {
  const p = r.pretty('text');
  return {
    function: toText(r.fn),
    wrt: r.wrt,
    shape: [r.shape.rows, r.shape.cols],
    form: r.form,
    layout: r.layout,
    [r.kind]: r.text,
    ...(r.expanded ? {} : { expanded: false }),
    pretty: p.defs.length ? `${p.expr} where ${p.defs.map((x) => `${x.name} = ${x.expr}`).join('; ')}` : p.expr,
    latex: r.latex,
    action: `${r.action.lhs} = ${r.action.term.text}`,
    ...(r.conventions.length ? { assumed: r.conventions.map((a) => ({ name: a.name, shape: [a.shape.rows, a.shape.cols], why: a.why })) } : {}),
    ...(r.notes.length ? { notes: r.notes } : {}),
    about: r.layoutSentence,
    check: r.check ? { ok: r.check.ok, method: r.check.method, maxRelError: r.check.maxRelError, trials: r.check.trials, ...(r.check.failure ? { failure: r.check.failure } : {}) } : null,
  };
}

function human(r: Jacobian, style: Style, out: (s: string) => void): void {
  const f = r.fnName;
  const x = r.wrt;
  const vec = r.form === 'vec';
  const lhs =
    r.kind === 'hessian'
      ? style === 'latex'
        ? `H = \\frac{\\partial^2 ${f}}{\\partial ${vec ? `\\operatorname{vec} ${x}` : x}\\, \\partial ${vec ? `(\\operatorname{vec} ${x})` : x}^{\\top}}`
        : `H = ∂²${f}/∂${vec ? `vec ${x}` : x}∂${vec ? `(vec ${x})` : x}ᵀ`
      : style === 'latex'
        ? `J = \\frac{\\partial ${vec ? `\\operatorname{vec} ${f}` : f}}{\\partial ${vec ? `(\\operatorname{vec} ${x})` : x}^{\\top}}${r.layout === 'denominator' ? '^{\\top}' : ''}`
        : `J = ∂${vec ? `vec ${f}` : f}/∂${vec ? `(vec ${x})` : x}ᵀ${r.layout === 'denominator' ? ', transposed' : ''}`;
  const p = r.pretty(style);
  out(`${lhs} = ${p.expr}`);
  for (const def of p.defs) out(`  where ${def.name} = ${def.expr}`);
  if (style !== 'latex' && !r.expanded) out(`  in full: not written out, it is longer than ${MAX_PRINTED} characters; as matdiff statements: ${r.text}`);
  else if (style !== 'latex' && p.defs.length) out(`  in full: ${r.text}`);
  out(`  shape: ${showShape(r.shape)}`);
  if (r.conventions.length) out(`  assumed: ${assumedLine(r.conventions)}`);
  for (const n of r.notes) out(`  note: ${n}`);
  out(`  layout: ${r.layoutSentence}`);
  const a = r.action.term.pretty(style);
  out(`  action: ${r.action.lhs} = ${a.expr}${a.defs.length ? ` where ${a.defs.map((d) => `${d.name} = ${d.expr}`).join('; ')}` : ''}`);
  if (r.check) {
    const c = r.check;
    out(`  check: ${c.ok ? 'passed' : 'FAILED'} (${c.method}, ${c.trials} trial${c.trials === 1 ? '' : 's'}${c.method === 'float' ? `, max relative error ${c.maxRelError.toExponential(1)}` : ''}${r.kind === 'hessian' ? ', against the checked gradient' : ''})`);
    if (!c.ok && c.failure) out(`  what the check saw: ${c.failure}`);
  } else out('  check: off (--no-check)');
}

export function runJacobian(kind: 'jacobian' | 'hessian', argv: string[], io: CliIO): number {
  const options = kind === 'jacobian' ? ['wrt', 'vars', 'seed', 'layout'] : ['wrt', 'vars', 'seed'];
  const a = parseArgs(argv, { options, flags: ['json', 'latex', 'unicode', 'no-check', 'help'], single: ['seed', 'layout'] });
  if (a.flags.has('help')) {
    io.stdout(helpText() + '\n');
    return 0;
  }
  if (a.positional.length !== 1) throw new MatdiffError('parse', a.positional.length === 0 ? `${kind} needs an expression: matdiff ${kind} "<expr>" --wrt x` : `${kind} takes one expression (quote it), got ${a.positional.length} arguments`);
  const wrt = (a.options.get('wrt') ?? []).flatMap((w) => w.split(/[\s,]+/).filter(Boolean));
  if (wrt.length === 0) throw new MatdiffError('unknown-name', 'give the variable to differentiate with respect to: --wrt x');
  const layout = a.options.get('layout')?.[0];
  if (layout !== undefined && layout !== 'numerator' && layout !== 'denominator') {
    throw new MatdiffError('parse', `unknown layout \`${layout}\``, { hint: 'layouts: numerator (J[i, j] = ∂fᵢ/∂xⱼ, the default), denominator (its transpose)' });
  }
  const vars = (a.options.get('vars') ?? []).join('; ');
  const seed = a.options.get('seed')?.[0];
  const check = a.flags.has('no-check') ? false : seed !== undefined ? { seed: Number(seed) } : true;
  let r: Jacobian;
  let failed = false;
  try {
    r = kind === 'jacobian' ? jacobian(a.positional[0]!, { wrt: wrt.join(', '), vars, check, layout: layout as Layout | undefined }) : hessian(a.positional[0]!, { wrt: wrt.join(', '), vars, check });
  } catch (e) {
    if (!(e instanceof JacobianCheckFailed)) throw e;
    r = e.result;
    failed = true;
  }
  if (failed) io.stderr(`matdiff: the numeric check FAILED — the ${kind} below is NOT verified. Please report it.\n`);
  const lines: string[] = [];
  if (a.flags.has('json')) lines.push(JSON.stringify(json(r), null, 2));
  else human(r, a.flags.has('latex') ? 'latex' : a.flags.has('unicode') ? 'unicode' : 'text', (s) => lines.push(s));
  io.stdout(lines.map((l) => l + '\n').join(''));
  return failed ? 1 : 0;
}
