// Judge a chain of steps, as seed 003 writes one:
//     dE = (s-y):ds
//        = (s-y):((S - S^2)*dv)
//        = ((S - S^2)*(s-y)):(dW*x)
//        = ((S - S^2)*(s-y)*x'):dW
// with definitions beside (v = W*x; s = sigmoid(v); S = Diag(s); E = 1/2*(s-y):(s-y)).
//
// Semantics. The differentials dX of the *variables* are independent: each gets its own random
// value. The differential of a *definition* is what the definition makes it: `ds` is d σ(Wx) =
// (σ − σ²) ∘ (dW x), expanded through the definitions. A step `= B` after `A` is right when A and
// B agree for all values of the variables and of their differentials; each `=` is judged on its
// own. The first wrong step gets a counterexample and, where it can be found, the rule that makes
// it right: the differential of the definition it substituted, or the adjoint that moves the
// differential out of a Frobenius product. A last line `G : dW` is the identification ∂E/∂W = G,
// confirmed against matdiff's own gradient (and a line `dE/dW = G` is judged as a claim).
// Reading the text is src/verify/chain-read.ts; the identification and the fix for a wrong step,
// src/verify/chain-identify.ts; this file judges each `=` and gives the verdict.
import type { Term } from '../core/term.js';
import * as b from '../core/build.js';
import { MatdiffError } from '../errors.js';
import { declaredNames, read, type Parsed } from '../engine/setting.js';
import { compare, witnessOf } from './equal.js';
import { counterexample } from './counterexample.js';
import { leavesOf, type Leaves } from './points.js';
import { shown, verdictOf, type CheckFormat, type Verdict } from './claim.js';
import { DEF_LINE, chainSetting, diffNames, located, splitChain, type Side } from './chain-read.js';
import { fixFor, judgeIdentification } from './chain-identify.js';
import type { ChainCheck, ChainOptions, IdentificationCheck, StepCheck } from './chain-types.js';

export type { ChainOptions, RuleRef, Fix, StepCheck, IdentificationCheck, ChainCheck } from './chain-types.js';

export function checkChain(opts: ChainOptions, render: (c: ChainCheck, f: CheckFormat) => string): ChainCheck {
  const known = new Set<string>();
  for (const s of (opts.defs ?? '').split(/[;\n]/)) {
    const m = DEF_LINE.exec(s);
    if (m) known.add(m[1]!);
  }
  for (const name of declaredNames(opts.vars ?? '')) known.add(name);
  const parts = splitChain(opts.steps, known);
  const defs = [opts.defs ?? '', ...parts.defs].filter((x) => x.trim()).join('\n');
  const vars = [opts.vars ?? '', ...parts.vars].filter((x) => x.trim()).join('; ');
  const chainSides = parts.sides.filter((s) => !s.gradientOf);
  const claimSide = parts.sides.find((s) => s.gradientOf);
  if (chainSides.length < 2 && !claimSide) throw new MatdiffError('parse', 'a chain needs at least two sides: a first line `dE = <expression>`, then lines `= <expression>`');
  const st = chainSetting(defs, vars, parts.sides);
  const vnames = new Set(st.el.vars.keys());
  let varying: Set<string>;
  let varyingFrom: ChainCheck['varyingFrom'] = 'wrt';
  const wrtOpt = typeof opts.wrt === 'string' ? opts.wrt.split(/[\s,]+/).filter(Boolean) : [...(opts.wrt ?? [])];
  if (wrtOpt.length) {
    for (const w of wrtOpt) if (!vnames.has(w)) throw new MatdiffError('unknown-name', `\`${w}\` is not a variable of the chain (its variables: ${[...vnames].join(', ')})`);
    varying = new Set(wrtOpt);
  } else {
    varying = new Set(parts.sides.flatMap((s) => diffNames(s.text)).filter((n) => vnames.has(n)));
    varyingFrom = 'written';
    if (varying.size === 0) [varying, varyingFrom] = [new Set(vnames), 'all'];
  }
  const readSide = (s: Side): Parsed | MatdiffError => {
    try {
      return read(st, s.text, { differentials: true, varying, what: `line ${s.line}` });
    } catch (e) {
      if (e instanceof MatdiffError && e.kind === 'shape') return e;
      throw e instanceof MatdiffError ? located(e, s) : e;
    }
  };
  const parsed = chainSides.map(readSide);
  const allTerms = parsed.filter((p): p is Parsed => !(p instanceof MatdiffError)).map((p) => p.term);
  const leaves: Leaves = { vars: st.el.vars, diffs: leavesOf(...allTerms).diffs };
  for (const v of varying) if (!leaves.diffs.has(v)) (leaves.diffs as Map<string, Term>).set(v, b.dvar(v, st.el.vars.get(v)!.shape));

  const steps: StepCheck[] = [];
  for (let k = 1; k < chainSides.length; k++) {
    const prev = parsed[k - 1]!;
    const cur = parsed[k]!;
    const side = chainSides[k]!;
    const base = { index: k, line: side.line, from: chainSides[k - 1]!.text, to: side.text };
    if (cur instanceof MatdiffError || prev instanceof MatdiffError) {
      const e = (cur instanceof MatdiffError ? cur : prev) as MatdiffError;
      steps.push({ ...base, verdict: 'wrong', error: e.message });
      continue;
    }
    if (cur.term.shape.rows !== prev.term.shape.rows || cur.term.shape.cols !== prev.term.shape.cols) {
      steps.push({ ...base, toShown: shown(cur.local), verdict: 'wrong', error: `the two sides have different shapes: ${shown(prev.term).shape} and ${shown(cur.term).shape}` });
      continue;
    }
    const comparison = compare(prev.term, cur.term, leaves, { seed: opts.seed });
    const cex = verdictOf(comparison) === 'wrong' ? counterexample(cur.term, prev.term, leaves, undefined, witnessOf(comparison)) : undefined;
    // wrong is said only with a point that shows it
    const verdict: Verdict = comparison.equal ? 'correct' : cex ? 'wrong' : 'undecided';
    if (verdict !== 'wrong') {
      steps.push({ ...base, toShown: shown(cur.local), verdict, comparison });
      continue;
    }
    const firstWrong = steps.every((s) => s.verdict !== 'wrong');
    const extra = firstWrong ? { counterexample: cex, ...fixFor(st, prev, cur, leaves) } : { counterexample: cex };
    steps.push({ ...base, toShown: shown(cur.local), verdict: 'wrong', comparison, ...extra });
  }

  // the identification: a last line G : dW, or a line dE/dW = G
  const head = chainSides[0];
  const headParsed = parsed[0];
  const identification: IdentificationCheck | undefined = judgeIdentification(st, chainSides, parsed, claimSide, readSide, vnames, opts.seed);
  const firstWrong = steps.find((s) => s.verdict === 'wrong')?.index;
  const undecided = steps.filter((s) => s.verdict === 'undecided').map((s) => s.index);
  const ok = firstWrong === undefined && undecided.length === 0 && (!identification || identification.verdict === 'correct');
  const verdict: Verdict = ok ? 'correct' : firstWrong !== undefined || identification?.verdict === 'wrong' ? 'wrong' : 'undecided';
  const result: ChainCheck = {
    kind: 'chain',
    verdict,
    ok,
    ...(undecided.length ? { undecided } : {}),
    defs,
    vars,
    varying: [...varying],
    varyingFrom,
    first: { text: head?.text ?? '', line: head?.line ?? 0, shown: headParsed && !(headParsed instanceof MatdiffError) ? shown(headParsed.local) : undefined },
    steps,
    firstWrong,
    identification,
    report: (format: CheckFormat = 'text') => render(result, format),
  };
  return result;
}
