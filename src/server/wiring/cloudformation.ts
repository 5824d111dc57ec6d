import type { Log } from '../../common/log.js';
import type { Random } from '../../common/random.js';
import { cloudFormationEndpoint } from '../api/cloudformation/endpoint.js';
import type { RpcEndpoint } from '../api/endpoint.js';
import type { LoadedCredentials } from '../auth/credentials.js';
import { StackEngine } from '../cloudformation/engine.js';
import { clientsByActor, providersByActor } from '../cloudformation/providers/by-actor.js';
import { serviceClients } from '../cloudformation/providers/clients.js';
import { Stacks } from '../cloudformation/stacks.js';
import type { DeployCluster, DeployEngine } from '../deployments/engine.js';
import { isTerminal } from '../deployments/model.js';
import type { Account } from '../functions/names.js';
import type { FunctionCredentialIssuer } from '../iam/function-credentials.js';
import type { IamService } from '../iam/iam-service.js';
import type { Buckets } from '../s3/buckets.js';
import type { Store } from '../store/store.js';
import type { PlatformTime } from './platform-time.js';
import type { Teardown } from './teardown.js';

export interface CloudFormation {
  stackEngine: StackEngine;
  endpoint: RpcEndpoint;
  /**
   * Resumes stack operations. Called once the API answers: they call it, and they stop before it
   * does (their calls in flight finish while it still answers).
   */
  start(teardown: Teardown): Promise<void>;
}

export function cloudFormation(input: {
  store: Store;
  buckets: Buckets;
  deployments: DeployEngine;
  credentials: LoadedCredentials | undefined;
  /** gradual's own API: CloudFormation calls the services through it. */
  endpointUrl: string;
  time: PlatformTime;
  random: Random;
  log: Log;
  account: Account;
  gatewayPort: number;
  takeover: DeployCluster | undefined;
  /** Issues the sessions operations act as (their caller's, or a service role's). */
  sessionKeys: FunctionCredentialIssuer;
  iam: IamService;
}): CloudFormation {
  const { store, random, log, account } = input;
  const { clock } = input.time;
  // With the operator's own keys: AWS's CloudFormation acts with the permissions of whoever calls it.
  const clients = serviceClients({
    endpoint: () => input.endpointUrl,
    region: account.region,
    credentials: input.credentials?.credentials ?? {
      accessKeyId: 'gradual',
      secretAccessKey: 'open-access',
    },
  });
  // A caller's own session, or the stack's service role's: clients signed with its credentials.
  const actorClients = clientsByActor({
    operator: clients,
    session: (session) =>
      serviceClients({
        endpoint: () => input.endpointUrl,
        region: account.region,
        credentials: input.sessionKeys.issue(session),
      }),
  });
  // Loaded by the first stack operation: the providers call through the AWS SDK's eight clients,
  // which a server that deploys no stack never needs to load.
  const ports = providersByActor(actorClients, async (own) =>
    (await import('../cloudformation/providers/index.js')).providers(own, account),
  );
  const stackEngine = new StackEngine({
    store: store.cloudformation,
    clock,
    random,
    log,
    ports,
    region: account.region,
    accountId: account.accountId,
    gatewayPort: () => input.gatewayPort,
    ...(input.takeover ? { cluster: input.takeover } : {}),
  });
  const stacks = new Stacks({
    store: store.cloudformation,
    engine: stackEngine,
    clock,
    random,
    region: account.region,
    accountId: account.accountId,
    precheck: async (template, actor) => {
      const { existenceCheck } = await import('../cloudformation/providers/existence.js');
      return existenceCheck((a) => actorClients.of(a))(template, actor);
    },
  });
  // A stack update waiting on a deployment looks at it as soon as it ends.
  input.deployments.onChange((d) => {
    if (isTerminal(d)) void stackEngine.pollWaiting();
  });
  return {
    stackEngine,
    endpoint: cloudFormationEndpoint({
      stacks,
      store: store.cloudformation,
      buckets: input.buckets,
      accountId: account.accountId,
      random,
      roleAssumable: (arn) => input.iam.serviceMayAssumeRole(arn, 'cloudformation.amazonaws.com'),
    }),
    async start(teardown) {
      teardown.defer('stack engine', async () => {
        await stackEngine.close();
        // Used by the engine alone: no call is left to make.
        clients.destroy();
        actorClients.destroy();
      });
      await stackEngine.start();
    },
  };
}
