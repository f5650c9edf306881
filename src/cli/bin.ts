// The `matdiff` executable (built to dist/cli.js): runs the command and sets the exit code.
// main() itself prints and returns, so tests and other programs can run it in-process.
import { main } from './main.js';

process.exitCode = main(process.argv.slice(2));
