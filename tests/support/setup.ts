/**
 * vitest setupFiles: runs before every test file.
 *
 * Property tests (fast-check) must not pass with fewer runs than they ask for: a property cut short by
 * `interruptAfterTimeLimit` fails ("Property interrupted after N tests") instead of ending quietly, so a
 * loaded machine cannot run 50 cases of 600 and report success. A property that needs a time limit sets
 * one under its test's timeout, so that the failure names the property and the runs done.
 */
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), markInterruptAsFailure: true });
