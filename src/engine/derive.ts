// derive(): string in, checked gradient out. The data flow is
//   parse → elaborate (shapes) → differential → identify (adjoints) → [project onto a symmetric
//   or diagonal variable's space] → canon → tidy → check,
// and each stage leaves steps in the log.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { type Shape, isScalarShape, showShape } from '../core/shape.js';
import { MatdiffError } from '../errors.js';
import { parseProgram, parseDeclarations } from '../parse/parser.js';
import type { Declaration } from '../parse/ast.js';
import { elaborate, KNOWN_FUNCTIONS, type Elaborated } from '../parse/elaborate.js';
import { differential } from './differential.js';
import { identify } from './identify.js';
import { projectGradient, structureOf, STRUCTURE_RULE } from './structure.js';
import { canon } from '../simplify/canon.js';
import { tidy } from '../simplify/tidy.js';
import { PrintedTerm } from './printed.js';
import { checkGradient, type CheckOptions, type CheckResult } from '../check/check.js';
import { StepLog, type Step } from './steps.js';
import { buildTrace, type Trace } from './trace.js';
import { nearest } from '../parse/suggest.js';
import { cutProgram, intermediates, usedVariables } from './intermediate.js';
import { notScalarNote, type Assumed } from '../parse/assumed.js';
import type { CodeLang, CodeOptions } from '../export/types.js';

export interface DeriveOptions {
  /** the variable(s) to differentiate with respect to */
  wrt: string | readonly string[];
  /** declarations: `W: n x m; x: m; y: n` (or already parsed) */
  vars?: string | readonly Declaration[];
  /** the numeric check: on by default; `false` turns it off */
  check?: boolean | CheckOptions;
}

/** One gradient ∂f/∂X, printable in every style (src/engine/printed.ts). */
export class Gradient extends PrintedTerm {
  constructor(
    readonly wrt: string,
    readonly shape: Shape,
    term: Term,
    readonly check: CheckResult | undefined,
    userNames: ReadonlyMap<Term, string>,
    taken: ReadonlySet<string>,
  ) {
    super(term, userNames, taken);
  }
}

export class CheckFailed extends MatdiffError {
  constructor(readonly derivation: Derivation) {
    const bad = derivation.gradients.filter((g) => g.check && !g.check.ok);
    super('check', `the numeric check FAILED for ${bad.map((g) => `∂f/∂${g.wrt} = ${g.text} (${g.check!.failure})`).join('; ')}`);
  }
}

/** each Derivation's traces, built on first use (off the object, so it serializes as before) */
const traceMemo = new WeakMap<Derivation, Map<string, Trace>>();

export class Derivation {
  constructor(
    readonly source: string,
    readonly fn: Term,
    readonly elaborated: Elaborated,
    readonly gradients: readonly Gradient[],
    readonly steps: readonly Step[],
  ) {}
  /**
   * every name the user did not declare, with the shape it was given and why: the letter
   * convention (`a–g are scalars`) or its use (`inferred from its use in A*x - b`)
   */
  get conventions(): readonly Assumed[] {
    return this.elaborated.conventions;
  }
  /** readings the user may not expect: a name defined again (h, then h2), another tool's notation */
  get notes(): readonly string[] {
    return this.elaborated.notes;
  }
  /** the gradient, when there is one variable (else the first) */
  get gradient(): Gradient {
    return this.gradients[0]!;
  }
  byName(name: string): Gradient | undefined {
    return this.gradients.find((g) => g.wrt === name);
  }
  /**
   * The derivation of ∂f/∂`wrt` as a teacher writes it (src/engine/trace.ts): each definition's
   * differential, then the chain dE = … = G : dW, every step with its rule id, the line before
   * and after, and the subterm it touched. Built on first use, once. The reports format it.
   */
  trace(wrt: string = this.gradient.wrt): Trace {
    let memo = traceMemo.get(this);
    if (!memo) traceMemo.set(this, (memo = new Map()));
    let t = memo.get(wrt);
    if (!t) {
      if (!this.byName(wrt)) throw new MatdiffError('unknown-name', `\`${wrt}\` is not a variable this derivation differentiated with respect to (${this.gradients.map((g) => g.wrt).join(', ')})`);
      memo.set(wrt, (t = buildTrace({ source: this.source, elaborated: this.elaborated, gradientOf: (n) => this.byName(n)?.term }, wrt)));
    }
    return t;
  }
  /** all gradients passed their checks (true when the check was turned off) */
  get ok(): boolean {
    return this.gradients.every((g) => !g.check || g.check.ok);
  }
  /** the derivation step by step, each line named, cited and checked (src/report/) */
  report(format: ReportFormat = 'text'): string {
    if (!reporter) throw new Error('matdiff internal: the report layer is not loaded; import src/report/index.ts, or the public entry src/index.ts');
    return reporter(this, format);
  }
  /** the function and its gradients as a module in `lang` (src/export/; the same as exportCode(this, lang)) */
  code(lang: CodeLang, opts?: CodeOptions): string {
    if (!coder) throw new Error('matdiff internal: the export layer is not loaded; import the public entry src/index.ts');
    return coder(this, lang, opts);
  }
}

// the export hook, as for reports: src/export/index.ts installs it when it loads
let coder: ((d: Derivation, lang: CodeLang, opts?: CodeOptions) => string) | undefined;
export function installCoder(c: (d: Derivation, lang: CodeLang, opts?: CodeOptions) => string): void {
  coder = c;
}

/** the formats of `derivation.report(format)` (rendered by src/report/index.ts) */
export const REPORT_FORMATS = ['text', 'md', 'latex', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

// The report hook. Reports are a layer above the engine (src/report/ reads derivations, their
// steps and gradients), so the engine does not import it: the method above calls whatever report
// function the report layer installed here when it was loaded (src/report/index.ts does, at its
// top level). Every entry loads the report layer: src/index.ts exports its `report` function (so
// the bundles built from it have the method), src/cli/main.ts imports it. A Derivation made where
// the report layer was never loaded says so instead of failing with an unrelated error.
let reporter: ((d: Derivation, format: ReportFormat) => string) | undefined;
export function installReporter(r: (d: Derivation, format: ReportFormat) => string): void {
  reporter = r;
}

function unknownWrt(name: string, el: Elaborated, source: string): MatdiffError {
  const near = nearest(name, [...el.vars.keys(), ...el.defs.keys()]);
  return new MatdiffError('unknown-name', `\`${name}\` does not occur in the expression \`${source}\``, {
    hint: near ? `did you mean \`${near}\`?` : `its variables are: ${[...el.vars.keys()].join(', ') || '(none)'}${el.defs.size ? `; its intermediates: ${[...el.defs.keys()].join(', ')}` : ''}`,
  });
}

/**
 * The identification every gradient goes through — derive(), a claim's check and a chain's last
 * line `G : dW` alike (src/verify/): from the scalar differential dF, the gradient of each
 * variable in `wrt` (zero where dF has no dX): the adjoints move the differential out, a symmetric
 * or diagonal variable gets the part of G its differential sees, then canon and tidy.
 */
export function gradientsOf(dF: Term, vars: ReadonlyMap<string, Term>, wrt: readonly string[], log?: StepLog): Map<string, Term> {
  const grads = identify(dF, log);
  return new Map(
    wrt.map((name) => {
      const v = vars.get(name)!;
      const free = grads.get(name) ?? b.zero(v.shape);
      // a symmetric or diagonal variable: the part of G its differential sees
      const structure = structureOf(v);
      const raw = structure ? projectGradient(free, structure) : free;
      if (raw !== free) log?.add(STRUCTURE_RULE[structure!], free, raw, name);
      const record = (rule: string, before: Term, after: Term) => log?.add(rule, before, after, name);
      // the canonical form's rewrites and the catalogue's rules, each a step with its entry's id
      const g = tidy(canon(raw, log && record), log && record);
      log?.add('simplify', raw, g, name);
      return [name, g];
    }),
  );
}

/**
 * The problem a derivation solves: the source parsed and elaborated with its declarations, and
 * cut at every intermediate in `wrt` (src/engine/intermediate.ts), with each name in `wrt` checked.
 * Shared by derive, jacobian and hessian.
 */
export function setUp(expr: string, vars: DeriveOptions['vars'], wrt: readonly string[]): { source: string; el: Elaborated } {
  const program = parseProgram(expr, { knownFunctions: KNOWN_FUNCTIONS });
  const declSource = typeof vars === 'string' ? vars : '';
  const decls = typeof vars === 'string' ? parseDeclarations(vars) : (vars ?? []);
  const full = elaborate(program, decls, declSource);
  for (const name of wrt) if (!full.vars.has(name) && !full.defs.has(name)) throw unknownWrt(name, full, expr);
  // a name defined again: the derivation's source writes the later versions with their own
  // names (h2), so every later reading of it (the report's trace) sees distinct definitions
  const source = full.versioned ?? expr;
  if (intermediates(full, wrt).length === 0) return { source, el: full };
  const cut = cutProgram(full.versioned ? parseProgram(source, { knownFunctions: KNOWN_FUNCTIONS }) : program, full, decls, wrt);
  const cutProgramAst = parseProgram(cut.source, { knownFunctions: KNOWN_FUNCTIONS });
  const el0 = elaborate(cutProgramAst, cut.decls, '');
  // the shapes carried over for names the cut program no longer uses are dropped (the user's own stay)
  const used = usedVariables(el0.fn);
  const own = new Set(decls.map((d) => d.name));
  const keep = cut.decls.filter((d) => own.has(d.name) || used.has(d.name) || wrt.includes(d.name));
  const el = keep.length === cut.decls.length ? el0 : elaborate(cutProgramAst, keep, '');
  // the cut program declares every variable: what the whole program assumed is what was assumed
  return { source: cut.source, el: { ...el, conventions: full.conventions.filter((a) => el.vars.has(a.name)), notes: full.notes } };
}

/** the variables of `wrt` in a list, each once (--wrt x --wrt x is one x) */
export function wrtList(wrt: string | readonly string[]): string[] {
  const list = [...new Set(typeof wrt === 'string' ? wrt.split(/[\s,]+/).filter(Boolean) : [...wrt])];
  if (list.length === 0) throw new MatdiffError('unknown-name', 'no variable to differentiate with respect to (give wrt)');
  return list;
}

export function derive(expr: string, opts: DeriveOptions): Derivation {
  const wrt = wrtList(opts.wrt);
  const { source, el } = setUp(expr, opts.vars, wrt);
  const f = el.fn;
  if (!isScalarShape(f.shape)) {
    const assumed = notScalarNote(el.conventions);
    throw new MatdiffError('not-scalar', `the function is ${showShape(f.shape)}, not a scalar: a gradient needs a scalar function (take a norm, a trace, a sum or a Frobenius product with something to get one)`, {
      hint: `${assumed ? `${assumed}; ` : ''}for the matrix of its derivatives use matdiff jacobian (jacobian() in the API)`,
    });
  }
  const log = new StepLog();
  const dF = differential(f, new Set(wrt), log);
  const grads = gradientsOf(dF, el.vars, wrt, log);
  const userNames = new Map<Term, string>();
  for (const [name, t] of el.defs) if (t !== f) userNames.set(canon(t), name);
  const taken = new Set([...el.vars.keys(), ...el.defs.keys()]);
  const checkOpts = opts.check === false ? undefined : opts.check === true || opts.check === undefined ? {} : opts.check;
  const gradients = wrt.map((name) => {
    const v = el.vars.get(name)!;
    const g = grads.get(name)!;
    const check = checkOpts ? checkGradient(f, name, g, el.vars, checkOpts) : undefined;
    return new Gradient(name, v.shape, g, check, userNames, taken);
  });
  const d = new Derivation(source, f, el, gradients, log.steps);
  if (!d.ok) throw new CheckFailed(d);
  return d;
}
