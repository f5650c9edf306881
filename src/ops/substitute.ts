// Substitution: a term with some variables replaced by terms, rebuilt bottom-up through each
// operator's smart constructor (the `make` of its record), so shapes are checked again and the
// folds apply. This is how a rule written as data (an identity in identities/, over variables X,
// dX of symbolic shape) is put to work on the terms of a real expression. It lives in the ops
// layer because it reads the records (src/core imports nothing from src/ops).
import type { Term } from '../core/term.js';
import { mk } from '../core/term.js';
import { dimMul, type Dim, type Shape } from '../core/shape.js';
import { opRecord } from './index.js';

/** How the symbolic dimensions of the template map to those of the actual terms. */
export type DimMap = ReadonlyMap<Dim, Dim>;

/**
 * Match the shapes of template variables against the actual terms: `n` ↦ `p` for every symbol.
 * A literal dimension (`1`, `3`) must match itself, and a product (`m*n`) the product of what its
 * symbols map to (checked once every plain symbol is mapped; a symbol that occurs only in products
 * stands for itself). Undefined when the shapes do not fit.
 */
export function matchDims(pairs: readonly (readonly [Shape, Shape])[]): Map<Dim, Dim> | undefined {
  const map = new Map<Dim, Dim>();
  const products: (readonly [Dim, Dim])[] = [];
  for (const [tpl, actual] of pairs) {
    for (const [d, a] of [[tpl.rows, actual.rows], [tpl.cols, actual.cols]] as const) {
      if (/^\d+$/.test(d)) {
        if (d !== a) return undefined;
        continue;
      }
      if (d.includes('*')) {
        products.push([d, a]);
        continue;
      }
      const seen = map.get(d);
      if (seen !== undefined && seen !== a) return undefined;
      map.set(d, a);
    }
  }
  return products.every(([d, a]) => mapDim(d, map) === a) ? map : undefined;
}

function mapDim(d: Dim, dims: DimMap): Dim {
  return d
    .split('*')
    .map((f) => (/^\d+$/.test(f) ? f : dims.get(f) ?? f))
    .reduce((x, y) => dimMul(x, y));
}

const mapShape = (s: Shape, dims: DimMap): Shape => ({ rows: mapDim(s.rows, dims), cols: mapDim(s.cols, dims) });

/**
 * Rebuild one node from new arguments with the constructor the language itself uses: the record's
 * smart constructor (`make`, given the node's shape with the dimensions mapped), so the folds a
 * record's constructor makes apply to a rule's right side too; without one, the node itself (a
 * leaf) or `mk` of the new arguments.
 */
function rebuild(t: Term, args: readonly Term[], dims: DimMap): Term {
  const rec = opRecord(t.op);
  return rec.make ? rec.make(args, t, mapShape(t.shape, dims)) : args.length === 0 ? t : mk(t.op, args, t.data);
}

/** `t` with each leaf that `replace` maps replaced, rebuilt through the smart constructors. */
export function replaceLeaves(t: Term, replace: (leaf: Term) => Term | undefined, dims: DimMap = new Map()): Term {
  const memo = new Map<Term, Term>();
  const go = (u: Term): Term => {
    const hit = memo.get(u);
    if (hit) return hit;
    const r = (u.args.length === 0 ? replace(u) : undefined) ?? rebuild(u, u.args.map(go), dims);
    memo.set(u, r);
    return r;
  };
  return go(t);
}

/** `t` with every variable named in `vars` replaced by its term; dimensions mapped by `dims`. */
export function substitute(t: Term, vars: ReadonlyMap<string, Term>, dims: DimMap = new Map()): Term {
  return replaceLeaves(t, (u) => (u.op === 'var' ? vars.get(u.name!) : undefined), dims);
}
