// One function body of an exported JavaScript module, written by walking the lowered term DAG
// once from its roots. Each node becomes one of
//   - a scalar: a JavaScript number expression, named `const x = …` when it is shared, named by
//     the user, or the result of a loop (a sum, a dot product, a determinant);
//   - a view: entry (i, j) as an expression, never stored — elementwise operations fuse into one
//     loop (`s[k] - y[k]`), transposes, Diag, diag, vec, unvec, masks, I, 𝟏 and outer products
//     read their argument's entries in place;
//   - an array: a Float64Array in row-major order, written by a loop or a kernel (products, inv,
//     adj, softmax, kron, …), in the module's workspace or straight into the caller's output.
// A view is stored when it is shared, named by the user, a result, or read many times by a kernel
// (and costs more than an index computation to read). Kernels: src/export/js-kernels.ts (products,
// kron, softmax) and the helpers of src/export/js-runtime.ts. Elementwise functions and masks are
// written as their operator records say (`code`, read through src/export/op-code.ts).
import type { Term } from '../core/term.js';
import { dimMul, isScalarShape, isVectorShape, type Dim, type Shape } from '../core/shape.js';
import { toText } from '../print/print.js';
import { useCounts } from './plan.js';
import { oneLine } from './header.js';
import { literal } from './names.js';
import { type Expr, JS_SYNTAX, P, atom, call, cond, divide, isSimple, ixAdd, ixMul, numExpr, power, product as productOf, sum, times, wrap } from './js-expr.js';
import { entryCode, helpersOf, instantiate, maskCode, maskOnVector } from './op-code.js';
import { type Arr, type Host, type Ix, type ModuleContext, type Val, at2, atVec, constant, need, scalar, stored } from './js-view.js';
import { blocks, permute, product, softmax } from './js-kernels.js';

export type { ModuleContext } from './js-view.js';

const negativeNum = (t: Term): boolean => t.op === 'num' && t.value!.compare(0) < 0;

export class JsBody implements Host {
  readonly lines: string[] = [];
  private readonly memo = new Map<Term, Val>();
  private readonly uses: Map<Term, number>;
  constructor(
    readonly m: ModuleContext,
    roots: readonly Term[],
    /** nodes to be written into a given array (a gradient into the caller's output) */
    private readonly targets: ReadonlyMap<Term, string>,
  ) {
    this.uses = useCounts(roots);
  }

  emit(line: string): void {
    this.lines.push(`  ${line}`);
  }

  private shared(t: Term): boolean {
    return (this.uses.get(t) ?? 0) > 1;
  }

  value(t: Term): Val {
    const hit = this.memo.get(t);
    if (hit) return hit;
    let v = this.compute(t);
    if (v.kind === 'sc') {
      if (!isSimple(v.x) && t.op !== 'num' && (this.shared(t) || this.m.userNamed(t))) v = this.nameScalar(t, v.x);
    } else if (!v.buf && (this.targets.has(t) || (!v.cheap && (this.shared(t) || this.m.userNamed(t))))) {
      v = this.materialize(t, v);
    }
    this.memo.set(t, v);
    return v;
  }

  /** write the value of t into the array `target` (a result) */
  into(t: Term, target: string): void {
    const v = this.value(t);
    if (v.kind === 'sc') throw new Error('matdiff internal: a scalar written into an array');
    if (v.buf === target) return;
    if (v.buf) this.emit(`${target}.set(${v.buf});`);
    else this.fill(t.shape, v, target);
  }

  nameScalar(t: Term, x: Expr): Val {
    const name = this.m.nodeName(t);
    this.emit(`const ${name} = ${x.e};`);
    return scalar(atom(name));
  }

  /** the array t is stored in: its target, or a workspace array named after it */
  out(t: Term): string {
    const target = this.targets.get(t);
    if (target) return target;
    const name = this.m.nodeName(t);
    this.m.buffer(name, this.m.dim(dimMul(t.shape.rows, t.shape.cols)));
    this.emit(`const ${name} = ${this.m.loop.ws}.${name};`);
    return name;
  }

  private scratch(t: Term, base: string, size: Expr): string {
    return `${this.m.loop.ws}.${this.m.scratch(t, base, size)}`;
  }

  private materialize(t: Term, v: Arr): Arr {
    const name = this.out(t);
    this.fill(t.shape, v, name);
    return stored(name);
  }

  /** a loop over every entry of a `shape` value: in one index, or rows and columns when `twoD` */
  private loop(shape: Shape, twoD: boolean, body: (ix: Ix) => string): void {
    const { i, j, k } = this.m.loop;
    const [R, C] = [this.m.dim(shape.rows), this.m.dim(shape.cols)];
    if (isVectorShape(shape)) {
      this.emit(`for (let ${k} = 0; ${k} < ${shape.cols === '1' ? R.e : C.e}; ${k}++) ${body(atVec(atom(k), shape))}`);
    } else if (!twoD) {
      this.emit(`for (let ${k} = 0; ${k} < ${times(R, C).e}; ${k}++) ${body({ k: atom(k) })}`);
    } else {
      this.emit(`for (let ${i} = 0, ${k} = 0; ${i} < ${R.e}; ${i}++) {`);
      this.emit(`  for (let ${j} = 0; ${j} < ${C.e}; ${j}++, ${k}++) ${body({ k: atom(k), i: atom(i), j: atom(j) })}`);
      this.emit('}');
    }
  }

  private fill(shape: Shape, v: Arr, target: string): void {
    this.loop(shape, v.twoD, (ix) => `${target}[${ix.k.e}] = ${v.at(ix).e};`);
  }

  /** a scalar operand as a name or a number, so that a loop does not compute it again */
  scalarOperand(t: Term): Expr {
    const v = this.value(t);
    if (v.kind !== 'sc') throw new Error(`matdiff internal: ${t.op} is not a scalar`);
    if (isSimple(v.x) || t.op === 'num') return v.x;
    const named = this.nameScalar(t, v.x);
    this.memo.set(t, named);
    return (named as { x: Expr }).x;
  }

  array(t: Term): Arr {
    const v = this.value(t);
    if (v.kind !== 'ar') throw new Error(`matdiff internal: ${t.op} is not an array`);
    return v;
  }

  /** an array read many times (by a kernel): stored unless it is cheap to read */
  cheap(t: Term): Arr {
    const v = this.array(t);
    if (v.cheap) return v;
    const s = this.materialize(t, v);
    this.memo.set(t, s);
    return s;
  }

  /** an array a helper reads: stored as it is */
  buffer(t: Term): string {
    const v = this.array(t);
    if (v.buf) return v.buf;
    const s = this.materialize(t, v);
    this.memo.set(t, s);
    return s.buf!;
  }

  reduce(t: Term, shape: Shape, twoD: boolean, term: (ix: Ix) => Expr, finish?: (acc: Expr) => Expr): Val {
    const name = this.m.nodeName(t);
    this.emit(`let ${name} = 0;`);
    this.loop(shape, twoD, (ix) => `${name} += ${term(ix).e};`);
    if (finish) this.emit(`${name} = ${finish(atom(name)).e};`);
    return scalar(atom(name));
  }

  sc(t: Term): Expr {
    const v = this.value(t);
    if (v.kind !== 'sc') throw new Error(`matdiff internal: ${t.op} is not a scalar`);
    return v.x;
  }

  /** a summand with its sign: −c·X prints as `- c * X` unless the product is stored itself */
  private summand(u: Term): { x: (ix?: Ix) => Expr; twoD: boolean; minus: boolean } {
    const stored = this.memo.get(u);
    if (u.op === 'smul' && negativeNum(u.args[0]!) && (!this.shared(u) || u.args[1]!.op === 'var') && !this.targets.has(u) && !this.m.userNamed(u) && !(stored && (stored.kind === 'sc' ? isSimple(stored.x) : stored.buf))) {
      const c = numExpr(u.args[0]!.value!.neg());
      const v = this.value(u.args[1]!);
      return v.kind === 'sc' ? { x: () => times(c, v.x), twoD: false, minus: true } : { x: (ix) => times(c, v.at(ix!)), twoD: v.twoD, minus: true };
    }
    const v = this.value(u);
    return v.kind === 'sc' ? { x: () => v.x, twoD: false, minus: false } : { x: (ix) => v.at(ix!), twoD: v.twoD, minus: false };
  }

  /** the factors of a Hadamard product: X.^-p divides */
  private factors(ts: readonly Term[]): { x: (ix?: Ix) => Expr; twoD: boolean } {
    const num: ((ix?: Ix) => Expr)[] = [];
    const den: ((ix?: Ix) => Expr)[] = [];
    let twoD = false;
    for (const u of ts) {
      const divides = u.op === 'epow' && negativeNum(u.args[1]!) && !this.shared(u) && !this.memo.has(u) && !this.m.userNamed(u);
      const base = divides ? u.args[0]! : u;
      const v = this.value(base);
      const read = v.kind === 'sc' ? () => v.x : (ix?: Ix) => v.at(ix!);
      if (v.kind === 'ar') twoD ||= v.twoD;
      if (!divides) num.push(read);
      else {
        const p = u.args[1]!.value!.neg();
        den.push((ix) => power(read(ix), numExpr(p), p.valueOf()));
      }
    }
    return { x: (ix) => divide(productOf(num.map((f) => f(ix))), productOf(den.map((f) => f(ix)))), twoD };
  }

  private compute(t: Term): Val {
    const isSc = isScalarShape(t.shape);
    const a = t.args;
    const m = this.m;
    const dimOf = (d: Dim) => m.dim(d);
    switch (t.op) {
      case 'var': {
        const name = m.inputName(t);
        return isSc ? scalar(atom(name)) : stored(name);
      }
      case 'num':
        return scalar(numExpr(t.value!));
      case 'zero':
        return isSc ? scalar(atom('0')) : constant('0');
      case 'ones':
        return isSc ? scalar(atom('1')) : constant('1');
      case 'eye':
        return isSc ? scalar(atom('1')) : { kind: 'ar', at: (ix) => cond(`${need(ix.i).e} === ${need(ix.j).e}`, atom('1'), atom('0')), twoD: true, cheap: true };
      case 'bcast': {
        const s = this.scalarOperand(a[0]!);
        return isSc ? scalar(s) : { kind: 'ar', at: () => s, twoD: false, cheap: true };
      }
      case 'add': {
        const parts = a.map((u) => this.summand(u));
        const at = (ix?: Ix) => sum(parts.map((p) => ({ x: p.x(ix), minus: p.minus })));
        return isSc ? scalar(at()) : { kind: 'ar', at, twoD: parts.some((p) => p.twoD), cheap: false };
      }
      case 'had': {
        const f = this.factors(a);
        return isSc ? scalar(f.x()) : { kind: 'ar', at: (ix) => f.x(ix), twoD: f.twoD, cheap: false };
      }
      case 'smul': {
        if (isSc) return scalar(times(this.sc(a[0]!), this.sc(a[1]!)));
        const s = this.scalarOperand(a[0]!);
        const x = this.array(a[1]!);
        return { kind: 'ar', at: (ix) => times(s, x.at(ix)), twoD: x.twoD, cheap: x.cheap, colMajor: x.colMajor };
      }
      case 'epow':
      case 'pow': {
        const p = a[1]!;
        const e = p.op === 'num' ? numExpr(p.value!) : this.scalarOperand(p);
        const pv = p.op === 'num' ? p.value!.valueOf() : undefined;
        if (isSc) return scalar(power(this.sc(a[0]!), e, pv));
        const x = this.array(a[0]!);
        return { kind: 'ar', at: (ix) => power(x.at(ix), e, pv), twoD: x.twoD, cheap: false };
      }
      case 'T': {
        const x = this.value(a[0]!);
        if (x.kind === 'sc' || isVectorShape(t.shape)) return x;
        const rows = dimOf(t.shape.rows);
        return { kind: 'ar', at: (ix) => x.at(at2(need(ix.j), need(ix.i), rows)), twoD: true, cheap: x.cheap, colMajor: x.buf !== undefined };
      }
      case 'frob': {
        if (isScalarShape(a[0]!.shape)) return scalar(times(this.sc(a[0]!), this.sc(a[1]!)));
        const [x, y] = [this.array(a[0]!), this.array(a[1]!)];
        const sq = a[0] === a[1];
        return this.reduce(t, a[0]!.shape, x.twoD || y.twoD, (ix) => (sq ? power(x.at(ix), atom('2'), 2) : times(x.at(ix), y.at(ix))));
      }
      case 'mul':
        return product(this, t);
      case 'sum':
      case 'mean': {
        if (isScalarShape(a[0]!.shape)) return this.value(a[0]!);
        const x = this.array(a[0]!);
        const count = times(dimOf(a[0]!.shape.rows), dimOf(a[0]!.shape.cols));
        return this.reduce(t, a[0]!.shape, x.twoD, (ix) => x.at(ix), t.op === 'mean' ? (acc) => divide(acc, count) : undefined);
      }
      case 'norm2':
      case 'norm1': {
        if (isScalarShape(a[0]!.shape)) return scalar(call('Math.abs', [this.sc(a[0]!)]));
        const x = this.array(a[0]!);
        if (t.op === 'norm1') return this.reduce(t, a[0]!.shape, x.twoD, (ix) => call('Math.abs', [x.at(ix)]));
        return this.reduce(t, a[0]!.shape, x.twoD, (ix) => power(x.at(ix), atom('2'), 2), (acc) => call('Math.sqrt', [acc]));
      }
      case 'tr': {
        if (isScalarShape(a[0]!.shape)) return this.value(a[0]!);
        const x = this.array(a[0]!);
        const n = dimOf(a[0]!.shape.rows);
        return this.reduce(t, { rows: a[0]!.shape.rows, cols: '1' }, false, (ix) => x.at(at2(ix.k, ix.k, n)));
      }
      case 'det':
      case 'logdet': {
        if (isScalarShape(a[0]!.shape)) return scalar(t.op === 'det' ? this.sc(a[0]!) : call('Math.log', [this.sc(a[0]!)]));
        const x = this.buffer(a[0]!);
        const n = a[0]!.shape.rows;
        m.use(t.op);
        const lu = this.scratch(t, 'lu', dimOf(dimMul(n, n)));
        return this.nameScalar(t, call(t.op, [atom(x), dimOf(n), atom(lu)]));
      }
      case 'inv':
      case 'adj': {
        if (isSc) return scalar(t.op === 'inv' ? divide(atom('1'), this.sc(a[0]!)) : atom('1'));
        const x = this.buffer(a[0]!);
        const n = t.shape.rows;
        m.use(t.op);
        const target = this.out(t);
        const lu = this.scratch(t, 'lu', dimOf(dimMul(n, n)));
        if (t.op === 'inv') this.emit(`inv(${x}, ${dimOf(n).e}, ${target}, ${lu}, ${literal(short(t))});`);
        else this.emit(`adj(${x}, ${dimOf(n).e}, ${target}, ${this.scratch(t, 'minor', times(atom(`(${dimOf(n).e} - 1)`), atom(`(${dimOf(n).e} - 1)`)))}, ${lu});`);
        return stored(target);
      }
      case 'Diag': {
        if (isSc) return this.value(a[0]!);
        const v = this.cheap(a[0]!);
        return { kind: 'ar', at: (ix) => cond(`${need(ix.i).e} === ${need(ix.j).e}`, v.at({ k: need(ix.i) }), atom('0')), twoD: true, cheap: true };
      }
      case 'diag': {
        if (isSc) return this.value(a[0]!);
        const x = this.array(a[0]!);
        const n = dimOf(a[0]!.shape.cols);
        return { kind: 'ar', at: (ix) => x.at(at2(ix.k, ix.k, n)), twoD: false, cheap: x.cheap };
      }
      case 'vec': {
        const x = this.value(a[0]!);
        if (x.kind === 'sc' || isVectorShape(a[0]!.shape)) return x;
        const [r, c] = [dimOf(a[0]!.shape.rows), dimOf(a[0]!.shape.cols)];
        return { kind: 'ar', at: (ix) => x.at(at2({ e: `${wrap(ix.k, P.mul)} % ${wrap(r, P.mul + 1)}`, p: P.mul }, call('Math.floor', [divide(ix.k, r)]), c)), twoD: false, cheap: x.cheap };
      }
      case 'unvec': {
        const x = this.value(a[0]!);
        if (x.kind === 'sc' || isVectorShape(t.shape)) return x;
        const n = dimOf(t.shape.rows);
        return { kind: 'ar', at: (ix) => x.at({ k: ixAdd(ixMul(need(ix.j), n), need(ix.i)) }), twoD: true, cheap: x.cheap };
      }
      case 'commutation': {
        if (isSc) return scalar(atom('1'));
        const [mm, nn] = t.data.dims!.map(dimOf) as [Expr, Expr];
        return { kind: 'ar', at: (ix) => cond(`${need(ix.i).e} === ${permute(need(ix.j), mm, nn).e}`, atom('1'), atom('0')), twoD: true, cheap: true };
      }
      case 'kron':
      case 'blocksum':
      case 'blockfrob':
        return blocks(this, t);
      case 'softmax':
      case 'log_softmax':
      case 'logsumexp':
        return softmax(this, t);
    }
    const mask = maskCode(t.op);
    if (mask) {
      // entry (i, j) kept where the relation holds, else 0; on a vector the relation at its one index
      const x = this.value(a[0]!);
      const on = maskOnVector(mask, t.shape);
      if (x.kind === 'sc') return on!.first ? x : scalar(atom('0'));
      if (!on) return { kind: 'ar', at: (ix) => cond(`${need(ix.i).e} ${mask.keep} ${need(ix.j).e}`, x.at(ix), atom('0')), twoD: true, cheap: x.cheap };
      if (on.first && on.rest) return x;
      if (!on.first && !on.rest) return constant('0');
      return { kind: 'ar', at: (ix) => cond(`${wrap(ix.k, P.eq + 1)} ${on.first ? '===' : '!=='} 0`, x.at(ix), atom('0')), twoD: false, cheap: x.cheap };
    }
    const code = entryCode(t.op);
    if (!code) throw new Error(`matdiff internal: the JavaScript export has no rule for '${t.op}'`);
    for (const h of helpersOf(code, 'js')) m.use(h);
    const f = (x: Expr): Expr => instantiate(code.js, x, JS_SYNTAX);
    if (isSc) return scalar(f(this.sc(a[0]!)));
    const x = this.array(a[0]!);
    return { kind: 'ar', at: (ix) => f(x.at(ix)), twoD: x.twoD, cheap: false };
  }

  /** a product of two factors (lowered), or of scalars */
}

/** a term as a short text for an error message */
function short(t: Term): string {
  const s = oneLine(toText(t));
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

