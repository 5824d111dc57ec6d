import type { RpcEndpoint } from '../endpoint.js';
import { rpcEndpoint, type RpcService } from '../rpc-service.js';
import { STATES_OPERATIONS, type StatesApiDeps } from './operations.js';
import { statesInvalid } from './wire.js';

/** Step Functions (AWS JSON 1.0) on `POST /`, selected by `X-Amz-Target: AWSStepFunctions.<Operation>`, signed as `states`. */
export const statesService: RpcService<StatesApiDeps> = {
  signingName: 'states',
  title: 'Step Functions',
  actionPrefix: 'states',
  protocols: [{ kind: 'json', version: '1.0', targetPrefix: 'AWSStepFunctions.' }],
  operations: STATES_OPERATIONS,
  invalid: (error, input) => statesInvalid(error, input),
};

export function stepFunctionsEndpoint(deps: StatesApiDeps): RpcEndpoint {
  return rpcEndpoint(statesService, deps);
}
