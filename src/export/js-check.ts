// The checks an exported JavaScript module carries: checkGradient (fAndG's gradient against
// central differences of f), checkJvp (jvp against central differences of f) and checkHvp (hvp
// against central differences of the gradient), each along seeded random directions, returning
// the largest relative error as a number. A symmetric or diagonal variable is moved only in that
// space, where its gradient is defined.
import { isScalarShape } from '../core/shape.js';
import type { Variable } from './plan.js';
import { literal } from './names.js';
import { member, type JsModule } from './js-module.js';

const isIdentifier = (s: string) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s);
/** `{ ...vars, W: x }`: vars with one variable replaced */
const withVar = (name: string, value: string) => `{ ...vars, ${isIdentifier(name) ? name : `[${literal(name)}]`}: ${value} }`;

/** a random direction for variable v (a number or an array in its space), and vars moved along it by s */
function direction(mod: JsModule, v: Variable): { make: string; moved: string } {
  const x = member('vars', v.name);
  if (isScalarShape(v.term.shape)) return { make: 'const v = random();', moved: withVar(v.name, `${x} + s * v`) };
  mod.use('randomLike');
  mod.use('shifted');
  let make = `randomLike(${x}, random)`;
  if (v.term.hasFact('symmetric') || v.term.hasFact('spd')) {
    mod.use('symmetrize');
    make = `symmetrize(${make})`;
  }
  if (v.term.hasFact('diagonal')) {
    mod.use('keepDiagonal');
    make = `keepDiagonal(${make})`;
  }
  return { make: `const v = ${make};`, moved: withVar(v.name, `shifted(${x}, v, s)`) };
}

const signature = (mod: JsModule, name: string) => `export function ${name}(vars${mod.t('Vars')}, dims${mod.t('Dims')}, { h = 1e-4, seed = 1, trials = 3 }${mod.t('CheckOptions')} = {})${mod.t('number')} {`;

export function checkFunctions(mod: JsModule): string[][] {
  const p = mod.p;
  const out: string[][] = [];
  mod.use('normals');
  if (p.gradients.length) {
    mod.use('central');
    mod.use('relError');
    const lines = [
      '/**',
      ' * The largest relative error of fAndG\'s gradient against 4-point central differences of f (step h)',
      ' * along `trials` random directions per variable: about 1e-8 or less when all is well.',
      ' */',
      signature(mod, 'checkGradient'),
      '  const random = normals(seed);',
      '  const { value, gradient } = fAndG(vars, dims);',
      '  let worst = 0;',
      '  for (let trial = 0; trial < trials; trial++) {',
    ];
    for (const g of p.gradients) {
      const v = p.vars.find((x) => x.name === g.wrt)!;
      const d = direction(mod, v);
      const grad = member('gradient', v.name);
      if (!isScalarShape(v.term.shape)) mod.use('dotProduct');
      lines.push(
        `    // ${v.name}`,
        '    {',
        `      ${d.make}`,
        `      const d = central((s) => f(${d.moved}, dims), h);`,
        `      worst = Math.max(worst, relError(d, ${isScalarShape(v.term.shape) ? `${grad} * v` : `dotProduct(${grad}, v)`}, value));`,
        '    }',
      );
    }
    lines.push('  }', '  return worst;', '}');
    out.push(lines);
  }
  if (p.action) {
    const a = p.action;
    const v = p.vars.find((x) => x.name === a.wrt)!;
    const d = direction(mod, v);
    const hess = p.kind === 'hessian';
    const name = hess ? 'hvp' : 'jvp';
    const scalarOut = isScalarShape(a.term.shape);
    // what is differentiated: f (a Jacobian) or the gradient (a Hessian)
    const of = (vars: string) => (hess ? `${member(`fAndG(${vars}, dims).gradient`, v.name)}` : `f(${vars}, dims)`);
    mod.use(scalarOut ? 'central' : 'centralArray');
    mod.use(scalarOut ? 'relError' : 'relErrorArray');
    if (!scalarOut) mod.use('maxAbs');
    out.push([
      '/**',
      ` * The largest relative error of ${name} against 4-point central differences of ${hess ? 'the gradient' : 'f'} (step h)`,
      ' * along `trials` random directions: about 1e-8 or less when all is well.',
      ' */',
      signature(mod, `check${hess ? 'Hvp' : 'Jvp'}`),
      '  const random = normals(seed);',
      `  const scale = ${scalarOut ? of('vars') : `maxAbs(${of('vars')})`};`,
      '  let worst = 0;',
      '  for (let trial = 0; trial < trials; trial++) {',
      `    ${d.make}`,
      `    const d = ${scalarOut ? 'central' : 'centralArray'}((s) => ${of(d.moved)}, h);`,
      `    worst = Math.max(worst, ${scalarOut ? 'relError' : 'relErrorArray'}(d, ${name}(vars, dims, v), scale));`,
      '  }',
      '  return worst;',
      '}',
    ]);
  }
  return out;
}
