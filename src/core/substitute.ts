// Substitution: a term with some variables replaced by terms, rebuilt bottom-up through the smart
// constructors, so shapes are checked again and the trivial folds apply. This is how a rule
// written as data (an identity in identities/, over variables X, dX of symbolic shape) is put to
// work on the terms of a real expression.
import type { Term } from './term.js';
import { mk } from './term.js';
import * as b from './build.js';
import { dimMul, type Dim, type Shape } from './shape.js';

/** How the symbolic dimensions of the template map to those of the actual terms. */
export type DimMap = ReadonlyMap<Dim, Dim>;

/**
 * Match the shapes of template variables against the actual terms: `n` ↦ `p` for every symbol.
 * A literal dimension (`1`, `3`) must match itself. Undefined when the shapes do not fit.
 */
export function matchDims(pairs: readonly (readonly [Shape, Shape])[]): Map<Dim, Dim> | undefined {
  const map = new Map<Dim, Dim>();
  for (const [tpl, actual] of pairs) {
    for (const [d, a] of [[tpl.rows, actual.rows], [tpl.cols, actual.cols]] as const) {
      if (/^\d+$/.test(d) || d.includes('*')) {
        if (d !== a) return undefined;
        continue;
      }
      const seen = map.get(d);
      if (seen !== undefined && seen !== a) return undefined;
      map.set(d, a);
    }
  }
  return map;
}

function mapDim(d: Dim, dims: DimMap): Dim {
  return d
    .split('*')
    .map((f) => (/^\d+$/.test(f) ? f : dims.get(f) ?? f))
    .reduce((x, y) => dimMul(x, y));
}

const mapShape = (s: Shape, dims: DimMap): Shape => ({ rows: mapDim(s.rows, dims), cols: mapDim(s.cols, dims) });

/** Rebuild one node from new arguments with the constructor the language itself uses. */
function rebuild(t: Term, args: readonly Term[], dims: DimMap): Term {
  switch (t.op) {
    case 'add':
      return b.add(...args);
    case 'smul':
      return b.smul(args[0]!, args[1]!);
    case 'mul':
      return b.chain(args);
    case 'had':
      return args.reduce((x, y) => b.had(x, y));
    case 'T':
      return b.transpose(args[0]!);
    case 'frob':
      return b.frob(args[0]!, args[1]!);
    case 'pow':
      return b.pow(args[0]!, args[1]!);
    case 'epow':
      return b.epow(args[0]!, args[1]!);
    case 'bcast':
      return b.bcast(args[0]!, mapShape(t.shape, dims));
    case 'zero':
      return b.zero(mapShape(t.shape, dims));
    case 'ones':
      return b.ones(mapShape(t.shape, dims));
    case 'eye':
      return b.eye(mapDim(t.shape.rows, dims));
    default:
      return args.length === 0 ? t : mk(t.op, args, t.data);
  }
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
