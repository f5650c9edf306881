// Exact rationals (fraction.js), as one value and one type for the whole engine. The type is
// written as the instance type of the class because fraction.js's CommonJS declarations
// (`export =`) give no type named Fraction: a TypeScript user who require()s matdiff reads our
// declarations as CommonJS, and there `import Fraction from 'fraction.js'` used as a type fails.
import FractionClass from 'fraction.js';

export const Fraction = FractionClass;
export type Fraction = InstanceType<typeof FractionClass>;
