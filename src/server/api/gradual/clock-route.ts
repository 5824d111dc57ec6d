import type { Clock } from '../../../common/clock.js';
import type { Extension } from '../app.js';
import { GRADUAL_PREFIX } from '../../../contracts/gradual-api.js';

export const CLOCK_PATH = `${GRADUAL_PREFIX}clock`;

/**
 * `GET /_gradual/v1/clock`: the platform's time and how fast it runs (`--time-scale`), so a
 * client can count down to a time the server set (a Wait state's end) in the server's time.
 * Signed for the service name `gradual`, like the other routes under `/_gradual/v1/`.
 */
export function clockRoute(deps: { clock: Clock; timeScale: number }): Extension {
  return {
    prefix: CLOCK_PATH,
    signingName: 'gradual',
    mount(app) {
      app.get(CLOCK_PATH, (c) => c.json({ serverTime: deps.clock.now(), timeScale: deps.timeScale }));
    },
  };
}
