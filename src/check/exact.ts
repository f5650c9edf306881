// The exact trials, where f is rational and the work is small (src/check/plan.ts): f(X + εV)
// evaluated over dual numbers with rational parts; its ε part is the exact directional
// derivative, compared with ⟨G, V⟩ by equality, with no tolerance. Metered (src/check/fields.ts):
// where the rationals grow past the budget, or f turns out not to be rational, the check goes on
// in doubles (src/check/float-check.ts).
import { Fraction } from '../core/fraction.js';
import type { Term } from '../core/term.js';
import { evaluateTerm } from '../numeric/evaluate.js';
import { dualField, exactField, NotExact, Undefined, type Dual } from '../numeric/field.js';
import { fill, scalarOf, zip, type Mat } from '../numeric/matrix.js';
import { drawSizes, exactValue, type Mode, type Rng } from './sample.js';
import { projectDirection, structureOf } from '../engine/structure.js';
import { Meter, metered, OverBudget } from './fields.js';
import { EXACT_CAP, type Plan } from './plan.js';
import { MAX_DRAWS, outsideSpace } from './points.js';
import type { Unchecked } from './unchecked.js';
import type { CheckResult } from './result.js';

function frobExact(a: Mat<Fraction>, v: Mat<Fraction>): Fraction {
  return zip(a, v, (x, y) => x.mul(y)).data.reduce((s, x) => s.add(x), new Fraction(0));
}

export function tryExact(f: Term, wrt: string, grad: Term, vars: ReadonlyMap<string, Term>, plan: Plan, rng: Rng, trials: number, why: Unchecked): CheckResult | undefined {
  const sizesSeen: Record<string, number>[] = [];
  const structure = structureOf(vars.get(wrt)!);
  const meter = new Meter(EXACT_CAP);
  const dual = metered(dualField, meter);
  const exact = metered(exactField, meter);
  let done = 0;
  for (let draw = 0; done < trials && draw < MAX_DRAWS; draw++) {
    const mode: Mode = draw > MAX_DRAWS / 2 ? 'positive' : 'any';
    const sizes = drawSizes(plan.exact!, rng);
    why.tried(sizes);
    const values = new Map<string, Mat<Fraction>>();
    for (const [name, v] of vars) values.set(name, exactValue(v, sizes, rng, mode));
    const X = values.get(wrt)!;
    const V = projectDirection(fill(X.rows, X.cols, () => new Fraction(rng.int(-3, 3))), structure, new Fraction(0));
    const dualVars = new Map<string, Mat<Dual>>();
    for (const [name, m] of values) {
      dualVars.set(name, name === wrt ? fill(m.rows, m.cols, (i, j) => ({ a: m.data[i * m.cols + j]!, b: V.data[i * m.cols + j]! })) : fill(m.rows, m.cols, (i, j) => ({ a: m.data[i * m.cols + j]!, b: new Fraction(0) })));
    }
    let inGradient = false;
    try {
      const dirDeriv = scalarOf(evaluateTerm(f, { vars: dualVars, sizes }, dual)).b;
      why.fDefined = true;
      inGradient = true;
      const G = evaluateTerm(grad, { vars: values, sizes }, exact);
      const outside = outsideSpace(G, structure, new Fraction(0), (a, b) => a.equals(b));
      if (outside) return { ok: false, method: 'exact', maxRelError: Infinity, trials: done + 1, sizes: [...sizesSeen, Object.fromEntries(sizes)], failure: outside };
      const claimed = frobExact(G, V);
      sizesSeen.push(Object.fromEntries(sizes));
      done++;
      if (!claimed.equals(dirDeriv)) {
        return {
          ok: false, method: 'exact', maxRelError: Infinity, trials: done, sizes: sizesSeen,
          failure: `exact directional derivative ${dirDeriv.toFraction()} but ⟨G, V⟩ = ${claimed.toFraction()}`,
        };
      }
    } catch (e) {
      // not rational after all (a non-integer power), or the rationals grew past the budget: doubles
      if (e instanceof NotExact || e instanceof OverBudget) return undefined;
      if (e instanceof Undefined) {
        // at small integers a formula may be undefined by coincidence (a singular matrix): the probe judges the domain
        why.note(e, inGradient);
        continue;
      }
      throw e;
    }
  }
  if (done === 0) return undefined;
  return { ok: true, method: 'exact', maxRelError: 0, trials: done, sizes: sizesSeen };
}
