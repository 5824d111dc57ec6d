import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import type { HttpApis } from '../apigateway/http/http-apis.js';
import type { RestApis } from '../apigateway/rest/rest-apis.js';
import type { FunctionUrls } from '../functions/function-urls.js';
import type { Account } from '../functions/names.js';
import type { Permissions } from '../functions/permissions.js';
import { DeployedStages } from '../gateway/deployed-stages.js';
import { functionUrlRouter } from '../gateway/function-url-router.js';
import { httpApiRouter } from '../gateway/http-api-router.js';
import type { BoundGateway, GatewayListener } from '../gateway/listener.js';
import { restApiRouter } from '../gateway/rest-api-router.js';
import type { Invoker } from '../invoke/invoker.js';
import type { Access } from './access.js';
import { SHUTDOWN_GRACE_MS } from './listeners.js';
import type { PlatformTime } from './platform-time.js';
import type { Teardown } from './teardown.js';

/** The HTTP gateway answers: function URLs, HTTP APIs and REST API stages, asked in that order. */
export function serveGateway(
  bound: BoundGateway,
  input: {
    invoker: Invoker;
    functionUrls: FunctionUrls;
    httpApis: HttpApis;
    restApis: RestApis;
    permissions: Permissions;
    access: Access;
    time: PlatformTime;
    random: Random;
    log: Log;
    account: Account;
    teardown: Teardown;
  },
): GatewayListener {
  const { access, permissions, account, log } = input;
  const { secrets, allowedHosts } = access;
  const { wallClock } = input.time;
  const routers = [
    functionUrlRouter({ urls: input.functionUrls, secrets, allowedHosts, wallClock, account, log }),
    // Before REST APIs: both own `<id>.execute-api.localhost`; this one passes on ids it lacks.
    httpApiRouter({ apis: input.httpApis, permissions, account, log }),
    restApiRouter({
      stages: new DeployedStages(input.restApis),
      permissions,
      secrets,
      allowedHosts,
      wallClock,
      account,
      log,
    }),
  ];
  const listener = bound.serve({
    invoker: input.invoker,
    routers,
    secrets,
    allowedHosts,
    wallClock,
    random: input.random,
    log,
  });
  // No new end-user requests, and those in flight finish.
  input.teardown.defer('gateway', () => listener.close(SHUTDOWN_GRACE_MS));
  return listener;
}
