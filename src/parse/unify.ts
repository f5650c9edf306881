// Unification of dimensions, for shape inference (src/parse/shapes.ts): an undeclared name gets
// `?k` unknowns for its dimensions, and the operators' shape rules ask this unifier that two
// dimensions be equal. Kept apart because it knows nothing of syntax: it is the one solver of
// dimension equations, over products of factors (kron and vec make those).
import { type Dim, type Shape, type ShapeCtx, dimMul, dimFactors, type DimFactors } from '../core/shape.js';
import type { Ast } from './ast.js';

// A dimension is a product of factors (`2*n*?3`): a number, symbols, and `?k` unknowns that
// unification fixes. kron and vec make products, so `kron(A, B) + C` asks (?1·?3) = ?5 and C gets
// the product as its rows. Equal factors cancel on both sides; one unknown left on a side is bound
// to what is left on the other. What no single binding solves (`?1*?3 = n*p`) waits until the end
// of the shape pass, when more may be known, and is an error only if it is still open then.

const dimOfFactors = (f: DimFactors): Dim => [String(f.num), ...f.syms].reduce((p, q) => dimMul(p, q));
export const isUnknown = (f: string) => f.startsWith('?');
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** the operator whose shape rule asked for an equation that had to wait, to point at it later */
export interface Asker {
  node: Ast;
  op: string;
  operands: readonly Ast[];
}

export class Unifier implements ShapeCtx {
  private parent = new Map<string, string>();
  private next = 0;
  /** the node whose shape is being worked out (set by the shape pass) */
  asker?: Asker;
  /** equations no single binding solves yet */
  pending: { a: Dim; b: Dim; asker?: Asker }[] = [];
  bindings = 0;
  /** the operator that bound each unknown, to say which use gave a name its shape */
  private origin = new Map<string, Asker | undefined>();
  fresh(): string {
    return `?${++this.next}`;
  }
  /** the dimension with every unknown that is fixed replaced by what it is, canonical */
  find(d: string): string {
    if (d.includes('*')) return d.split('*').map((f) => this.find(f)).reduce((p, q) => dimMul(p, q));
    let r = d;
    while (this.parent.has(r)) r = this.parent.get(r)!;
    return r.includes('*') ? this.find(r) : r;
  }
  /** the operator that fixed `d` (an unknown) to what it is now, when anything did */
  originOf(d: string): Asker | undefined {
    let r = d;
    while (this.parent.has(r)) {
      const p = this.parent.get(r)!;
      if (!p.split('*').some(isUnknown)) return this.origin.get(r);
      r = p;
    }
    return undefined;
  }
  private bind(v: string, d: Dim): true {
    this.origin.set(v, this.asker);
    this.parent.set(v, d);
    this.bindings++;
    return true;
  }
  same(a: string, b: string): boolean {
    const x = this.find(a);
    const y = this.find(b);
    if (x === y) return true;
    const fx = dimFactors(x);
    const fy = dimFactors(y);
    // cancel what both sides share
    const g = gcd(fx.num, fy.num);
    fx.num /= g;
    fy.num /= g;
    for (const s of [...fx.syms]) {
      const k = fy.syms.indexOf(s);
      if (k >= 0) {
        fy.syms.splice(k, 1);
        fx.syms.splice(fx.syms.indexOf(s), 1);
      }
    }
    const ux = fx.syms.filter(isUnknown);
    const uy = fy.syms.filter(isUnknown);
    if (ux.length === 0 && uy.length === 0) return false;
    if (fx.num === 1 && fx.syms.length === 1 && ux.length === 1) return this.bind(ux[0]!, dimOfFactors(fy));
    if (fy.num === 1 && fy.syms.length === 1 && uy.length === 1) return this.bind(uy[0]!, dimOfFactors(fx));
    // a side without unknowns can never take a symbol or a factor only the other side has
    const never = (known: DimFactors, other: DimFactors) => other.syms.some((s) => !isUnknown(s)) || known.num % other.num !== 0;
    if ((ux.length === 0 && never(fx, fy)) || (uy.length === 0 && never(fy, fx))) return false;
    this.pending.push({ a: x, b: y, asker: this.asker });
    return true;
  }
  resolve(s: Shape): Shape {
    return { rows: this.find(s.rows), cols: this.find(s.cols) };
  }
}
