// The catalogue's files, imported as data: the bundles carry them, so nothing is read from disk
// when matdiff loads (in Node or in a browser). A new file in identities/ is listed here too;
// test/identities.test.ts fails when the folder and this list differ.
import adjoints from '../../identities/adjoints.json' with { type: 'json' };
import differentials from '../../identities/differentials.json' with { type: 'json' };
import elementwise from '../../identities/elementwise.json' with { type: 'json' };
import hadamardDiag from '../../identities/hadamard-diag.json' with { type: 'json' };
import inverseDet from '../../identities/inverse-det.json' with { type: 'json' };
import jacobian from '../../identities/jacobian.json' with { type: 'json' };
import kronVec from '../../identities/kron-vec.json' with { type: 'json' };
import method from '../../identities/method.json' with { type: 'json' };
import simplify from '../../identities/simplify.json' with { type: 'json' };
import trace from '../../identities/trace.json' with { type: 'json' };
import transpose from '../../identities/transpose.json' with { type: 'json' };

/** file name → parsed contents, validated by catalogue.ts */
export const CATALOGUE_FILES: Readonly<Record<string, unknown>> = {
  'adjoints.json': adjoints,
  'differentials.json': differentials,
  'elementwise.json': elementwise,
  'hadamard-diag.json': hadamardDiag,
  'inverse-det.json': inverseDet,
  'jacobian.json': jacobian,
  'kron-vec.json': kronVec,
  'method.json': method,
  'simplify.json': simplify,
  'trace.json': trace,
  'transpose.json': transpose,
};
