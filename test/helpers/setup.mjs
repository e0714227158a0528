// Preloaded into every test process by scripts/run-tests.mjs (node --import, after tsx): sets up what an entry
// point sets up before core code runs (test/helpers/setup.ts). Worker threads inherit the preload but not tsx's
// loader; their entry modules set themselves up, so this does nothing there.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) await import('./setup.ts');
