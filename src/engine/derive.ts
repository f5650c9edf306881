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
import { chooseNames, prettyPrint, type Pretty } from '../simplify/share.js';
import { toLatex, toText, toUnicode } from '../print/print.js';
import { checkGradient, type CheckOptions, type CheckResult } from '../check/check.js';
import { StepLog, type Step } from './steps.js';
import { nearest } from '../parse/suggest.js';
import { report as renderReport, type ReportFormat } from '../report/index.js';

export interface DeriveOptions {
  /** the variable(s) to differentiate with respect to */
  wrt: string | readonly string[];
  /** declarations: `W: n x m; x: m; y: n` (or already parsed) */
  vars?: string | readonly Declaration[];
  /** the numeric check: on by default; `false` turns it off */
  check?: boolean | CheckOptions;
}

/** One gradient ∂f/∂X, printable in every style. */
export class Gradient {
  constructor(
    readonly wrt: string,
    readonly shape: Shape,
    readonly term: Term,
    readonly check: CheckResult | undefined,
    private readonly userNames: ReadonlyMap<Term, string>,
    private readonly taken: ReadonlySet<string>,
  ) {}
  /** matdiff syntax, self-contained: parses back to the same term */
  toString(): string {
    return toText(this.term);
  }
  get text(): string {
    return toText(this.term);
  }
  get unicode(): string {
    return toUnicode(this.term);
  }
  get latex(): string {
    return toLatex(this.term);
  }
  /** shared subterms named once: `((s - s.^2) .* (s - y))*x'` with `s = sigmoid(W*x)` */
  pretty(style: 'text' | 'unicode' | 'latex' = 'text'): Pretty {
    const names = chooseNames([this.term], this.userNames, this.taken);
    return prettyPrint(this.term, names, style);
  }
}

export class CheckFailed extends MatdiffError {
  constructor(readonly derivation: Derivation) {
    const bad = derivation.gradients.filter((g) => g.check && !g.check.ok);
    super('check', `the numeric check FAILED for ${bad.map((g) => `∂f/∂${g.wrt} = ${g.text} (${g.check!.failure})`).join('; ')}`);
  }
}

export class Derivation {
  constructor(
    readonly source: string,
    readonly fn: Term,
    readonly elaborated: Elaborated,
    readonly gradients: readonly Gradient[],
    readonly steps: readonly Step[],
  ) {}
  /** the gradient, when there is one variable (else the first) */
  get gradient(): Gradient {
    return this.gradients[0]!;
  }
  byName(name: string): Gradient | undefined {
    return this.gradients.find((g) => g.wrt === name);
  }
  /** all gradients passed their checks (true when the check was turned off) */
  get ok(): boolean {
    return this.gradients.every((g) => !g.check || g.check.ok);
  }
  /** the derivation step by step, each line named, cited and checked (src/report/) */
  report(format: ReportFormat = 'text'): string {
    return renderReport(this, format);
  }
}

function unknownWrt(name: string, el: Elaborated, source: string): MatdiffError {
  if (el.defs.has(name)) {
    return new MatdiffError('unknown-name', `\`${name}\` is an intermediate (${name} = ${el.defSources.get(name)}), not a variable; differentiate with respect to one of: ${[...el.vars.keys()].join(', ')}`);
  }
  const near = nearest(name, [...el.vars.keys()]);
  return new MatdiffError('unknown-name', `\`${name}\` does not occur in the expression \`${source}\``, {
    hint: near ? `did you mean \`${near}\`?` : `its variables are: ${[...el.vars.keys()].join(', ') || '(none)'}`,
  });
}

export function derive(expr: string, opts: DeriveOptions): Derivation {
  const wrt = typeof opts.wrt === 'string' ? opts.wrt.split(/[\s,]+/).filter(Boolean) : [...opts.wrt];
  if (wrt.length === 0) throw new MatdiffError('unknown-name', 'no variable to differentiate with respect to (give wrt)');
  const program = parseProgram(expr, { knownFunctions: KNOWN_FUNCTIONS });
  const declSource = typeof opts.vars === 'string' ? opts.vars : '';
  const decls = typeof opts.vars === 'string' ? parseDeclarations(opts.vars) : (opts.vars ?? []);
  const el = elaborate(program, decls, declSource);
  const f = el.fn;
  if (!isScalarShape(f.shape)) {
    throw new MatdiffError('not-scalar', `the function is ${showShape(f.shape)}, not a scalar: a gradient needs a scalar function (take a norm, a trace, a sum or a Frobenius product with something to get one)`);
  }
  for (const name of wrt) if (!el.vars.has(name)) throw unknownWrt(name, el, expr);
  const log = new StepLog();
  const dF = differential(f, new Set(wrt), log);
  const grads = identify(dF, log);
  const userNames = new Map<Term, string>();
  for (const [name, t] of el.defs) if (t !== f) userNames.set(canon(t), name);
  const taken = new Set([...el.vars.keys(), ...el.defs.keys()]);
  const checkOpts = opts.check === false ? undefined : opts.check === true || opts.check === undefined ? {} : opts.check;
  const gradients = wrt.map((name) => {
    const v = el.vars.get(name)!;
    const free = grads.get(name) ?? b.zero(v.shape);
    // a symmetric or diagonal variable: the part of G its differential sees
    const structure = structureOf(v);
    const raw = structure ? projectGradient(free, structure) : free;
    if (raw !== free) log.add(STRUCTURE_RULE[structure!], free, raw, name);
    const g = tidy(canon(raw));
    log.add('simplify', raw, g, name);
    const check = checkOpts ? checkGradient(f, name, g, el.vars, checkOpts) : undefined;
    return new Gradient(name, v.shape, g, check, userNames, taken);
  });
  const d = new Derivation(expr, f, el, gradients, log.steps);
  if (!d.ok) throw new CheckFailed(d);
  return d;
}
