// A counterexample to a claimed gradient is a point where the function has a value: a gradient
// outside the function's domain (log of a negative entry) means nothing to the reader, even where
// both formulas could be evaluated.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check } from '../src/index.js';

test('judge: the counterexample lies in the function\'s domain (p > 0 for p : log(p))', () => {
  for (const seed of [1, 2, 3]) {
    const c = check('(p : log(p)) - (p : log(softmax(z)))', { wrt: 'z', claim: 'softmax(z) - p', seed });
    assert.is(c.verdict, 'wrong');
    const p = c.counterexample!.values.find((v) => v.name === 'p')!.value;
    for (const row of p.entries) for (const x of row) assert.ok(Number(x) > 0, `p has the entry ${x} at seed ${seed}`);
  }
  // the same claim without log(p) in the function may use any p
  const free = check("-(p : log(softmax(z)))", { wrt: 'z', claim: 'softmax(z) - p' });
  assert.is(free.verdict, 'wrong');
});
test.run();
