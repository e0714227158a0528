// The work hash lives with the state transition, which seeds placement and challenges with it (src/chain/work-hash.ts).
export { workHash } from '../chain/work-hash.js';
