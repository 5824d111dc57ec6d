import type { Extension } from '../api/app.js';
import { UI_PREFIX, type Dashboard } from '../dashboard/dashboard.js';

/** The dashboard on the API's port, unsigned: it checks its own sessions. */
export function dashboardExtension(dashboard: Dashboard): Extension {
  return {
    prefix: UI_PREFIX,
    signingName: undefined,
    mount: (app) => {
      app.route('/', dashboard.app);
    },
    quick: (request) => dashboard.quickFile(request),
  };
}
