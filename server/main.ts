/**
 * The process entry from the sources (tsx): the embedded database starts opening (open-early.ts), then
 * the server loads and starts (serve.ts). From the build, scripts/start.mjs does the same with the two
 * bundles.
 */
import { openEmbeddedEarly } from './open-early';

const early = openEmbeddedEarly();
void import('./serve').then(({ serve }) => serve(early));
