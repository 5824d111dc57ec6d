export { watchDeployments, type WatchOptions, type WatchResult } from './watch.js';
export type { Watched } from './model.js';
