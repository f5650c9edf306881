// Why a check could not judge a result: what kept every point it drew from being checked (f
// undefined or overflowing, the formula undefined, the values unable to resolve the derivative),
// collected as the trials run and said as one MatdiffError ('check') with the sizes tried. Kept
// apart from the trials so that every kind of them notes its reasons in one place.
import type { Term } from '../core/term.js';
import type { Undefined } from '../numeric/field.js';
import { MatdiffError } from '../errors.js';

/** What kept every point from being checked, for the message when none could be. */
export class Unchecked {
  fDefined = false;
  overflow = false;
  outOfBudget = false;
  /** points where f's values could not resolve the derivative, and the least rounding floor seen there */
  unresolvedPoints = 0;
  unresolved = Infinity;
  /** what was undefined in f and in the gradient: the first reason seen per term */
  readonly inF = new Map<string, string>();
  readonly inG = new Map<string, string>();
  /** the sizes tried, per dimension symbol */
  readonly sizes = new Map<string, Set<number>>();
  tried(sizes: ReadonlyMap<string, number>): void {
    for (const [d, n] of sizes) this.sizes.set(d, (this.sizes.get(d) ?? new Set()).add(n));
  }
  note(e: Undefined, inGradient: boolean): void {
    const seen = inGradient ? this.inG : this.inF;
    const key = e.at ? String(e.at) : e.what;
    if (!seen.has(key)) seen.set(key, e.at ? `${key}: ${e.what}` : e.what);
  }
  list(s: Map<string, string>): string {
    return [...s.values()].slice(0, 3).join('; ');
  }
  error(wrt: string, grad: Term): MatdiffError {
    const at = [...this.sizes].map(([d, ns]) => `${d} = ${[...ns].sort((x, y) => x - y).join(', ')}`).join('; ');
    const sizes = at ? ` (${at})` : '';
    if (!this.fDefined) {
      const reason = [this.list(this.inF), this.overflow ? 'its value overflows doubles' : ''].filter(Boolean).join('; ');
      return new MatdiffError('check', `cannot check ∂f/∂${wrt}: the function has no value in doubles at any point tried${sizes}${reason ? ` — ${reason}` : ''}`, {
        hint: 'the check needs points where the function is finite: declare facts (spd, positive) that keep it defined, or scale it to fit in doubles; some functions have no value anywhere, such as logdet(x*x\') for n ≥ 2',
      });
    }
    if (this.unresolvedPoints > 0) {
      const floor = Number.isFinite(this.unresolved) ? ` (at best to within ${this.unresolved.toExponential(1)}, more than a quarter of the derivative claimed)` : ' (the rounding of the values could not be bounded)';
      return new MatdiffError('check', `cannot check ∂f/∂${wrt} = ${String(grad)}: the function's values in doubles do not resolve its derivative at any of the ${this.unresolvedPoints} points tried${sizes}${floor}; its rounding hides the changes the derivative makes`, {
        hint: 'the function loses its digits to cancellation or saturation (log(1 + tiny), det(I + tiny), sigmoid far from 0): write it so its values keep them (softplus, logsumexp), or rescale it; --no-check / check: false skips the check',
      });
    }
    const singular = [...this.inG.values()].some((r) => r.includes('singular'));
    return new MatdiffError('check', `cannot check ∂f/∂${wrt} = ${String(grad)}: the function is defined but this formula is undefined at every point tried${sizes}${this.inG.size ? ` — ${this.list(this.inG)}` : ''}; it is not the gradient there`, {
      ...(singular ? { hint: 'the formula inverts a matrix that is singular wherever it was tried (such as x*y\' for n ≥ 2); it holds only where that matrix is invertible' } : {}),
    });
  }
}
