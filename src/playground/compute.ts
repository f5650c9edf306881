// What the playground shows, computed from its state through matdiff's public API (the source
// entry src/index.ts, as any user imports 'matdiff'): no DOM here, so the tests run it in Node.
// Every result comes from derive(), jacobian() or hessian() with the numeric check on: a result
// whose check did not pass is never returned (the API throws CheckFailed, shown as an error).
import { derive, jacobian, hessian, check, report, parse, isMatdiffError, exportCode, type CheckResult, type Term, type ClaimCheck, type ChainCheck } from '../index.js';
import { isChain, type State, type What } from './state.js';
import { nameTex } from './tex.js';

/** where an error is shown: under the input it points into, or in the results */
export type Place = 'fn' | 'vars' | 'claim' | 'result';

export interface Failure {
  readonly place: Place;
  /** MatdiffError.format(): the message, the input line and a caret under the spot */
  readonly text: string;
}

export interface VariableView {
  readonly name: string;
  /** `n×m`, `m×1`, `1×1` */
  readonly shape: string;
  readonly facts: readonly string[];
  /** named in the declarations (else inferred from use) */
  readonly declared: boolean;
  /** the declaration that gives this shape: `W: n x m` */
  readonly declaration: string;
}

export interface MathDef {
  readonly name: string;
  readonly latex: string;
}

export interface CheckView {
  readonly ok: boolean;
  /** `check passed (float, 4 trials, max relative error 5.3e-11)` */
  readonly words: string;
}

export interface Form {
  readonly label: string;
  readonly latex: string;
  readonly text: string;
}

export interface ResultView {
  readonly what: What;
  readonly wrt: string;
  readonly fnName: string;
  /** `\frac{\partial E}{\partial W}`, `J = …`, `H = …` */
  readonly lhs: string;
  /** the closed form with shared subterms named, and the names */
  readonly latex: string;
  readonly where: readonly MathDef[];
  /** self-contained matdiff syntax (parses back to the result) */
  readonly text: string;
  /** the pretty form as matdiff statements: `s = sigmoid(W*x); ((s - s.^2) .* (s - y))*x'` */
  readonly prettyText: string;
  readonly shape: string;
  /** the layout: which convention, and why a transpose appears */
  readonly layout: string;
  /** a gradient's equivalent forms (Diag and Hadamard), each checked by the report; the names they use */
  readonly forms: readonly Form[];
  readonly formsWhere: readonly MathDef[];
  /** a Jacobian's action form dF = L(dX), a Hessian's H[V] */
  readonly action?: { readonly lhs: string; readonly latex: string; readonly where: readonly MathDef[] };
  readonly check: CheckView;
  /** the step-by-step derivation: matdiff's HTML report, whole */
  readonly reportHtml: string;
  /** what the copy buttons copy */
  readonly copy: { readonly syntax: string; readonly latex: string; readonly code: CodeCopy };
}

export type Analysis = { readonly ok: true; readonly variables: readonly VariableView[] } | { readonly ok: false; readonly error: Failure };

/** the error shown for anything thrown: a MatdiffError's caret message, placed under its input */
export function failure(e: unknown, s: State, fallback: Place = 'result'): Failure {
  if (isMatdiffError(e)) {
    const src = e.source;
    const place: Place = src === undefined ? fallback : src === s.fn ? 'fn' : src === s.vars ? 'vars' : src === s.claim ? 'claim' : fallback;
    return { place, text: e.format() };
  }
  // not a user's mistake: said plainly, in place, never an uncaught exception
  const msg = e instanceof Error ? e.message : String(e);
  return { place: fallback, text: `internal error (please report it): ${msg}` };
}

const showShape = (rows: string, cols: string) => `${rows}×${cols}`;
/** a name as a literal in a regular expression (`u` flag) */
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function declaration(name: string, rows: string, cols: string, facts: readonly string[]): string {
  const shape = rows === '1' && cols === '1' ? 'scalar' : cols === '1' ? rows : `${rows} x ${cols}`;
  return `${name}: ${[shape, ...facts].join(' ')}`;
}

/** the names the declarations declare (for saying which shapes were inferred) */
function declaredNames(vars: string): Set<string> {
  return new Set(
    vars
      .split(/[;\n]/)
      .map((d) => /^\s*([^\s:]+)\s*:/.exec(d)?.[1])
      .filter((n): n is string => n !== undefined),
  );
}

/** the variables of a function term, in the order they first appear */
export function variablesOf(fn: Term, vars: string): VariableView[] {
  const declared = declaredNames(vars);
  const out = new Map<string, VariableView>();
  const seen = new Set<Term>();
  const stack: Term[] = [fn];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    if (t.op === 'var' && t.data.name !== undefined && !out.has(t.data.name)) {
      const name = t.data.name;
      const facts = [...(t.data.facts ?? [])].map(String);
      out.set(name, { name, shape: showShape(t.shape.rows, t.shape.cols), facts, declared: declared.has(name), declaration: declaration(name, t.shape.rows, t.shape.cols, facts) });
    }
    for (let i = t.args.length - 1; i >= 0; i--) stack.push(t.args[i]!);
  }
  return [...out.values()];
}

/** Parse the function with its declarations: the shapes of its variables, or the error. */
export function analyze(s: State): Analysis {
  if (!s.fn.trim()) return { ok: false, error: { place: 'fn', text: 'error: type a function, e.g. x\'*A*x' } };
  try {
    const vars = variablesOf(parse(s.fn, s.vars), s.vars);
    // in the order the source first names them (`yhat = sigmoid(w'*x); …y…`: w, x, y)
    const at = (name: string) => {
      const i = s.fn.search(new RegExp(`(?<![\\w\\u0370-\\u03ff])${escapeRe(name)}(?![\\w\\u0370-\\u03ff])`, 'u'));
      return i < 0 ? Infinity : i;
    };
    return { ok: true, variables: vars.map((v, i) => ({ v, i, at: at(v.name) })).sort((a, b) => a.at - b.at || a.i - b.i).map((x) => x.v) };
  } catch (e) {
    return { ok: false, error: failure(e, s, 'fn') };
  }
}

export function checkWords(c: CheckResult | undefined, againstGradient = false): CheckView {
  if (!c) return { ok: false, words: 'not checked' };
  const err = c.method === 'float' ? `, max relative error ${c.maxRelError.toExponential(1)}` : '';
  return { ok: c.ok, words: `check ${c.ok ? 'passed' : 'FAILED'} (${c.method}, ${c.trials} trial${c.trials === 1 ? '' : 's'}${err}${againstGradient ? ', against the checked gradient' : ''})` };
}

/** pretty('latex') definitions: their names are LaTeX already */
const defs = (d: readonly { name: string; expr: string }[]): MathDef[] => d.map((x) => ({ name: x.name, latex: `${x.name} = ${x.expr}` }));
const statements = (p: { expr: string; defs: readonly { name: string; expr: string }[] }) => [...p.defs.map((d) => `${d.name} = ${d.expr}`), p.expr].join('; ');

/** the exported code to copy (matdiff export), or why there is none */
export type CodeCopy = { readonly js: string; readonly numpy: string } | { readonly error: string };

function codeOf(result: Parameters<typeof exportCode>[0]): CodeCopy {
  try {
    return { js: exportCode(result, 'js'), numpy: exportCode(result, 'numpy') };
  } catch (e) {
    if (isMatdiffError(e)) return { error: e.message };
    throw e;
  }
}

/** the LaTeX to copy: the result, then its names */
function copyLatex(lhs: string, latex: string, where: readonly MathDef[]): string {
  return where.length ? `${lhs} = ${latex}, \\quad \\text{where } ${where.map((d) => d.latex).join(', \\; ')}` : `${lhs} = ${latex}`;
}

interface ReportJson {
  name: string;
  convention: string;
  gradients: { wrt: string; forms: { label: string; text: string; latex: string; check?: { ok: boolean } }[]; setup: { name: string; expr: { text: string; latex: string }; diagNames: { name: string; of: string }[] }[] }[];
}

function gradientView(s: State, wrt: string): ResultView {
  const d = derive(s.fn, { wrt, vars: s.vars });
  const g = d.gradient;
  const json = JSON.parse(report(d, 'json')) as ReportJson;
  const fnName = json.name;
  const lhs = `\\frac{\\partial ${nameTex(fnName)}}{\\partial ${nameTex(wrt)}}`;
  const p = g.pretty('latex');
  const where = defs(p.defs);
  const gj = json.gradients.find((x) => x.wrt === wrt);
  // only the forms the report checked (each carries its check)
  const forms = (gj?.forms ?? []).filter((f) => f.check?.ok !== false).map((f) => ({ label: f.label, latex: f.latex, text: f.text }));
  // the names the forms use, and the definitions those names need (s = σ(v) needs v = Wx)
  const mentions = (text: string, name: string) => new RegExp(`(^|[^\\w\\u0370-\\u03ff])${escapeRe(name)}([^\\w\\u0370-\\u03ff]|$)`, 'u').test(text);
  const setup = gj?.setup ?? [];
  const needed = new Set<string>();
  const need = (text: string) => {
    for (const x of setup) {
      if (mentions(text, x.name)) needed.add(x.name);
      for (const dn of x.diagNames) if (mentions(text, dn.name)) needed.add(dn.name).add(dn.of);
    }
  };
  forms.forEach((f) => need(f.text));
  for (const x of [...setup].reverse()) if (needed.has(x.name)) need(x.expr.text);
  const formsWhere: MathDef[] = [];
  for (const x of setup) {
    if (needed.has(x.name)) formsWhere.push({ name: x.name, latex: `${nameTex(x.name)} = ${x.expr.latex}` });
    for (const dn of x.diagNames) if (needed.has(dn.name)) formsWhere.push({ name: dn.name, latex: `${nameTex(dn.name)} = \\operatorname{Diag}\\left(${nameTex(dn.of)}\\right)` });
  }
  return {
    what: 'gradient', wrt, fnName, lhs, latex: p.expr, where, text: g.text, prettyText: statements(g.pretty()),
    shape: showShape(g.shape.rows, g.shape.cols),
    layout: `${json.convention}: ∂${fnName}/∂${wrt} is ${showShape(g.shape.rows, g.shape.cols)}, as ${wrt} is.`,
    forms: forms.length > 1 ? forms : [], formsWhere: forms.length > 1 ? formsWhere : [],
    check: checkWords(g.check), reportHtml: d.report('html'),
    copy: { syntax: g.text, latex: copyLatex(lhs, p.expr, where), code: codeOf(d) },
  };
}

function matrixView(s: State, wrt: string, what: 'jacobian' | 'hessian'): ResultView {
  const j = what === 'jacobian' ? jacobian(s.fn, { wrt, vars: s.vars }) : hessian(s.fn, { wrt, vars: s.vars });
  const f = nameTex(j.fnName);
  const x = nameTex(wrt);
  const vec = j.form === 'vec';
  const lhs =
    what === 'jacobian'
      ? vec ? `J = \\frac{\\partial \\operatorname{vec} ${f}}{\\partial \\left(\\operatorname{vec} ${x}\\right)^{\\top}}` : `J = \\frac{\\partial ${f}}{\\partial ${x}^{\\top}}`
      : vec ? `H = \\frac{\\partial^2 ${f}}{\\partial \\operatorname{vec} ${x}\\, \\partial \\left(\\operatorname{vec} ${x}\\right)^{\\top}}` : `H = \\frac{\\partial^2 ${f}}{\\partial ${x}\\, \\partial ${x}^{\\top}}`;
  const p = j.pretty('latex');
  const where = defs(p.defs);
  const a = j.action.term.pretty('latex');
  const actionLhs = what === 'jacobian' ? `\\mathrm{d}${f}` : `H\\left[${nameTex(j.action.direction)}\\right]`;
  return {
    what, wrt, fnName: j.fnName, lhs, latex: p.expr, where, text: j.text, prettyText: statements(j.pretty()),
    shape: showShape(j.shape.rows, j.shape.cols), layout: j.layoutSentence, forms: [], formsWhere: [],
    action: { lhs: actionLhs, latex: a.expr, where: defs(a.defs) },
    check: checkWords(j.check, what === 'hessian'), reportHtml: j.report('html'),
    copy: { syntax: j.text, latex: copyLatex(lhs.replace(/^[JH] = /, ''), p.expr, where), code: codeOf(j) },
  };
}

/** the result the state asks for, or the error (placed under the input it points into) */
export function compute(s: State, wrt: string): { ok: true; result: ResultView } | { ok: false; error: Failure } {
  try {
    const result = s.what === 'gradient' ? gradientView(s, wrt) : matrixView(s, wrt, s.what);
    // belt and braces: the API throws when its check fails; nothing unchecked is ever shown
    if (!result.check.ok) return { ok: false, error: { place: 'result', text: `error: the numeric check did not pass: ${result.check.words}` } };
    return { ok: true, result };
  } catch (e) {
    return { ok: false, error: failure(e, s) };
  }
}

export type Judged = { ok: true; kind: 'claim'; check: ClaimCheck; reportHtml: string } | { ok: true; kind: 'chain'; check: ChainCheck; reportHtml: string } | { ok: false; error: Failure };

/** "Your answer" judged: a claimed ∂f/∂wrt, or a chain of steps with the function's definitions */
export function judge(s: State, wrt: string): Judged {
  try {
    if (isChain(s.claim)) {
      const c = check(s.fn, { vars: s.vars, steps: s.claim, wrt });
      return { ok: true, kind: 'chain', check: c, reportHtml: c.report('html') };
    }
    const c = check(s.fn, { wrt, vars: s.vars, claim: s.claim });
    return { ok: true, kind: 'claim', check: c, reportHtml: c.report('html') };
  } catch (e) {
    return { ok: false, error: failure(e, s, 'claim') };
  }
}
