// jacobian() and hessian(): the matrix of first derivatives of a vector or matrix function, and the
// matrix of second derivatives of a scalar one, by the identification theorems of Magnus and
// Neudecker.
//   Jacobian  dF = L(dX), linear in dX  ⇒  d vec F = J d vec X  ⇒  J = ∂ vec F/∂(vec X)ᵀ
//             (src/engine/linear-map.ts reads J off the differential, one vec rule per operator)
//   Hessian   d²f = d(G : dX) = dG : dX with dG = H d vec X  ⇒  H, the Jacobian of the gradient G
//             (symmetric, as the Hessian of a twice-differentiable f is)
// The layout is numerator (J[i, j] = ∂fᵢ/∂xⱼ, rows follow f); where F or X is a matrix, it is the
// vec form (entries in column order), with the action form dF = L(dX) beside it, so there is
// always something to show. Every result is checked numerically before it is returned, as the
// printed string parsed back (src/engine/jacobian-check.ts).
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { isVectorShape, isScalarShape, showShape, type Shape } from '../core/shape.js';
import { MatdiffError } from '../errors.js';
import { differential } from './differential.js';
import { canon } from '../simplify/canon.js';
import { tidy } from '../simplify/tidy.js';
import { structureOf } from './structure.js';
import { SUM_FACTS } from '../core/facts.js';
import { jacobianOf, entries } from './linear-map.js';
import { setUp, derive, wrtList, type DeriveOptions, type Gradient, type ReportFormat } from './derive.js';
import { PrintedTerm } from './printed.js';
import { checkJacobian, type Layout } from './jacobian-check.js';
import { declarationsOf } from '../parse/declarations.js';
import type { CheckResult } from '../check/check.js';
import { StepLog, type Step } from './steps.js';
import type { Elaborated } from '../parse/elaborate.js';
import type { CodeLang, CodeOptions } from '../export/types.js';
import type { Assumed } from '../parse/assumed.js';

export type { Layout };

export interface JacobianOptions extends Omit<DeriveOptions, 'wrt'> {
  /** the one variable (or intermediate) to differentiate with respect to */
  wrt: string;
  /** numerator (J[i, j] = ∂fᵢ/∂xⱼ, the default) or denominator (its transpose) */
  layout?: Layout;
}

export type HessianOptions = Omit<JacobianOptions, 'layout'>;

/** how a Jacobian or Hessian was reached, for its report: each stage's term and the rules it used */
export interface JacobianStages {
  /** a Hessian's gradient G (derived and checked as derive() does): df = G : dX */
  readonly gradient?: Gradient;
  /** the differential: dF (a Jacobian) or dG (a Hessian), linear in dX, and its rules */
  readonly differential: { readonly term: Term; readonly steps: readonly Step[] };
  /** reading the matrix off the differential: the vec rules and the simplification */
  readonly readOff: readonly Step[];
}

export interface JacobianFields {
  readonly kind: 'jacobian' | 'hessian';
  readonly source: string;
  readonly fn: Term;
  readonly fnName: string;
  readonly wrt: string;
  /** the variable's term (its shape and facts) */
  readonly variable: Term;
  /** every variable of the function, for reading results back */
  readonly vars: ReadonlyMap<string, Term>;
  /** matrix: F and X are vectors (or scalars); vec: a matrix is involved, J acts on vec X */
  readonly form: 'matrix' | 'vec';
  readonly layout: Layout;
  /** the action: dF = L(dX) for a Jacobian, H[V] (the Hessian applied to a direction V) for a Hessian */
  readonly action: { readonly lhs: string; readonly direction: string; readonly term: PrintedTerm };
  /** one sentence: which layout, and why a transpose appears */
  readonly layoutSentence: string;
  readonly check: CheckResult | undefined;
  readonly stages: JacobianStages;
  /** what was assumed of undeclared names (their kind and shape, and why) */
  readonly conventions: readonly Assumed[];
  /** how the input was read (another tool's notation accepted, a name defined again) */
  readonly notes: readonly string[];
}

/** A Jacobian or a Hessian: the matrix, how it is laid out, its action form, its check and its stages. */
// (the class carries the fields of JacobianFields: declared once there, merged here, set from `fields`)
export interface Jacobian extends JacobianFields {}
export class Jacobian extends PrintedTerm {
  /** the shape of the matrix */
  readonly shape: Shape;
  constructor(fields: JacobianFields, term: Term, userNames: ReadonlyMap<Term, string>, taken: ReadonlySet<string>) {
    super(term, userNames, taken);
    Object.assign(this, fields);
    this.shape = term.shape;
  }
  /** the derivation step by step (src/report/jacobian.ts); formats as for a Derivation */
  report(format: ReportFormat = 'text'): string {
    if (!jacobianReporter) throw new Error('matdiff internal: the report layer is not loaded; import the public entry src/index.ts');
    return jacobianReporter(this, format);
  }
  /** f and the Jacobian-vector (Hessian-vector) product as a module in `lang` (src/export/; exportCode(this, lang)) */
  code(lang: CodeLang, opts?: CodeOptions): string {
    if (!jacobianCoder) throw new Error('matdiff internal: the export layer is not loaded; import the public entry src/index.ts');
    return jacobianCoder(this, lang, opts);
  }
}

// the export hook (src/export/index.ts installs it)
let jacobianCoder: ((j: Jacobian, lang: CodeLang, opts?: CodeOptions) => string) | undefined;
export function installJacobianCoder(c: (j: Jacobian, lang: CodeLang, opts?: CodeOptions) => string): void {
  jacobianCoder = c;
}

// the report hook, as for Derivation (the report layer is above the engine and installs it)
let jacobianReporter: ((j: Jacobian, format: ReportFormat) => string) | undefined;
export function installJacobianReporter(r: (j: Jacobian, format: ReportFormat) => string): void {
  jacobianReporter = r;
}

const dims = (s: Shape) => entries(s);

function sentence(kind: 'jacobian' | 'hessian', form: 'matrix' | 'vec', layout: Layout, f: string, F: Shape, x: string, X: Shape): string {
  if (kind === 'hessian') {
    return form === 'matrix'
      ? `H[i, j] = ∂²${f}/∂${x}ᵢ∂${x}ⱼ (${dims(X)}×${dims(X)}, symmetric): d²${f} = d${x}ᵀ H d${x}, the Jacobian of the gradient; no layout question arises, H = Hᵀ.`
      : `vec form: H[i, j] = ∂²${f}/∂(vec ${x})ᵢ∂(vec ${x})ⱼ with vec stacking the columns, so d²${f} = (vec d${x})ᵀ H (vec d${x}); H is ${dims(X)}×${dims(X)}, and H[V] beside it is the same map on ${x}'s own shape.`;
  }
  const what = form === 'matrix' ? `${f}ᵢ/∂${x}ⱼ` : `(vec ${f})ᵢ/∂(vec ${x})ⱼ`;
  const vecWords = form === 'vec' ? '; vec stacks the columns' : '';
  return layout === 'numerator'
    ? `numerator layout: J[i, j] = ∂${what}, so J is ${dims(F)}×${dims(X)} (rows follow ${f}, columns follow ${x})${vecWords}, and d${form === 'vec' ? ` vec ${f} = J d vec ${x}` : `${f} = J d${x}`}; the gradient convention (denominator layout) is its transpose, which is why a transpose appears between the two.`
    : `denominator layout: J[i, j] = ∂${form === 'matrix' ? `${f}ⱼ/∂${x}ᵢ` : `(vec ${f})ⱼ/∂(vec ${x})ᵢ`}, so J is ${dims(X)}×${dims(F)} (rows follow ${x}, as in a gradient)${vecWords}; it is the transpose of the numerator-layout Jacobian ∂${f}/∂${x}ᵀ.`;
}

function variableOf(el: Elaborated, wrt: string): Term {
  const x = el.vars.get(wrt)!;
  const structure = structureOf(x);
  if (structure) {
    throw new MatdiffError('unsupported', `${wrt} is declared ${structure}: Jacobians and Hessians with respect to a ${structure} variable are not supported yet`, {
      hint: `the gradient is: matdiff derive … --wrt ${wrt}; or declare ${wrt} without the fact`,
    });
  }
  return x;
}

/** a name for a new variable, not among `taken` */
function fresh(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

function names(el: Elaborated, f: Term): { userNames: Map<Term, string>; taken: Set<string> } {
  const userNames = new Map<Term, string>();
  for (const [name, t] of el.defs) if (t !== f) userNames.set(canon(t), name);
  return { userNames, taken: new Set([...el.vars.keys(), ...el.defs.keys()]) };
}

/** the differential dF along dX with dX made a variable `dX` (for printing the action form) */
function actionOf(L: Term, x: Term, name: string): Term {
  const dx = b.dvar(x.name!, x.shape);
  const v = b.variable(name, x.shape);
  const memo = new Map<Term, Term>();
  const go = (u: Term): Term => {
    if (u === dx) return v;
    const hit = memo.get(u);
    if (hit) return hit;
    const r = u.hasDiff ? b.apply(u.op, u.args.map(go), u.data) : u;
    memo.set(u, r);
    return r;
  };
  return canon(go(L));
}

/** J (numerator layout) of the linear term L in dX, simplified */
function readOff(L: Term, x: Term, log: StepLog): Term {
  const rec = (rule: string, before: Term, after: Term) => log.add(rule, before, after, x.name!);
  const J = jacobianOf(canon(L), x, rec);
  return tidy(canon(J, rec), rec);
}

export function jacobian(expr: string, opts: JacobianOptions): Jacobian {
  const [wrt, ...more] = wrtList(opts.wrt);
  if (more.length) throw new MatdiffError('unknown-name', `a Jacobian is taken with respect to one variable, not ${more.length + 1} (${[wrt, ...more].join(', ')})`, { hint: 'ask for one Jacobian per variable' });
  const { source, el } = setUp(expr, opts.vars, [wrt!]);
  const x = variableOf(el, wrt!);
  const f = el.fn;
  const dlog = new StepLog();
  const L = differential(f, new Set([wrt!]), dlog);
  const log = new StepLog();
  const Jn = readOff(L, x, log);
  log.add('jac.identify', L, Jn, wrt!);
  const layout = opts.layout ?? 'numerator';
  const J = layout === 'numerator' ? Jn : tidy(canon(b.transpose(Jn)));
  const form = isVectorShape(f.shape) && isVectorShape(x.shape) ? 'matrix' : 'vec';
  const { userNames, taken } = names(el, f);
  const dxName = fresh(`d${wrt}`, taken);
  const action = new PrintedTerm(actionOf(L, x, dxName), userNames, new Set([...taken, dxName]));
  const checkOpts = opts.check === false ? undefined : opts.check === true || opts.check === undefined ? {} : opts.check;
  const check = checkOpts && checkJacobian({ el, x, f, numerator: Jn, text: new PrintedTerm(J, userNames, taken).text, layout, hessian: false }, checkOpts);
  const fields: JacobianFields = {
    kind: 'jacobian', source, fn: f, fnName: el.fnName, wrt: wrt!, variable: x, vars: el.vars, form, layout,
    action: { lhs: `d${el.fnName}`, direction: dxName, term: action },
    layoutSentence: sentence('jacobian', form, layout, el.fnName, f.shape, wrt!, x.shape),
    check,
    stages: { differential: { term: L, steps: dlog.steps }, readOff: log.steps },
    conventions: el.conventions,
    notes: el.notes,
  };
  const result = new Jacobian(fields, J, userNames, taken);
  if (check && !check.ok) throw new JacobianCheckFailed(result);
  return result;
}

export function hessian(expr: string, opts: HessianOptions): Hessian {
  const [wrt, ...more] = wrtList(opts.wrt);
  if (more.length) throw new MatdiffError('unknown-name', `a Hessian is taken with respect to one variable here, not ${more.length + 1} (${[wrt, ...more].join(', ')})`, { hint: 'ask for one Hessian per variable' });
  const { source, el } = setUp(expr, opts.vars, [wrt!]);
  const x = variableOf(el, wrt!);
  const f = el.fn;
  if (!isScalarShape(f.shape)) {
    throw new MatdiffError('not-scalar', `the function is ${showShape(f.shape)}, not a scalar: a Hessian needs a scalar function`, { hint: 'for a vector function, matdiff jacobian gives its first derivatives' });
  }
  // the gradient, derived and checked against f as derive() does, then its Jacobian. A onehot or
  // prob X's sums of 1 are not folded into G (G is differentiated in X next, along any dX, and
  // sum(x) = 1 holds at X but not around it); the check still draws X with its fact
  const decls = declarationsOf(el.vars).map((v) => (v.name === wrt ? { ...v, facts: v.facts.filter((f) => !(SUM_FACTS as readonly string[]).includes(f)) } : v));
  const d = derive(source, { wrt: [wrt!], vars: decls, check: opts.check });
  const G = d.gradient.term;
  const dlog = new StepLog();
  const dG = differential(G, new Set([wrt!]), dlog);
  const log = new StepLog();
  const H = readOff(dG, x, log);
  log.add('hess.identify', dG, H, wrt!);
  const form = isVectorShape(x.shape) ? 'matrix' : 'vec';
  const { userNames, taken } = names(el, f);
  const vName = fresh('V', taken);
  const action = new PrintedTerm(actionOf(dG, x, vName), userNames, new Set([...taken, vName]));
  const checkOpts = opts.check === false ? undefined : opts.check === true || opts.check === undefined ? {} : opts.check;
  // against the gradient, itself checked against f above
  const check = checkOpts && checkJacobian({ el, x, f: G, numerator: H, text: new PrintedTerm(H, userNames, taken).text, layout: 'numerator', hessian: true }, checkOpts);
  const fields: JacobianFields = {
    kind: 'hessian', source, fn: f, fnName: el.fnName, wrt: wrt!, variable: x, vars: el.vars, form, layout: 'numerator',
    action: { lhs: `H[${vName}]`, direction: vName, term: action },
    layoutSentence: sentence('hessian', form, 'numerator', el.fnName, f.shape, wrt!, x.shape),
    check,
    stages: { gradient: d.gradient, differential: { term: dG, steps: dlog.steps }, readOff: log.steps },
    conventions: el.conventions,
    notes: el.notes,
  };
  const result = new Jacobian(fields, H, userNames, taken);
  if (check && !check.ok) throw new JacobianCheckFailed(result);
  return result;
}

export type Hessian = Jacobian;

export class JacobianCheckFailed extends MatdiffError {
  constructor(readonly result: Jacobian) {
    super('check', `the numeric check FAILED for the ${result.kind} of ${result.fnName} with respect to ${result.wrt}, ${result.text} (${result.check?.failure ?? 'no detail'})`);
  }
}
