import { jsonRpc } from './aws-json.js';
import type { SigningTarget } from './signed-request.js';

/**
 * CodeDeploy's operations as its SDK client sends them (JSON 1.1, `CodeDeploy_20141006.<Op>`),
 * without loading it (see aws-json.ts). Inputs and outputs are the SDK's shapes; a Date on the
 * wire is epoch seconds (deployments.ts turns the ones it reads into Dates).
 */
export function codeDeploy<O = Record<string, never>>(
  to: SigningTarget,
  operation: string,
  input: object,
): Promise<O> {
  return jsonRpc<O>(
    to,
    { signingName: 'codedeploy', targetPrefix: 'CodeDeploy_20141006', version: '1.1' },
    operation,
    input,
  );
}
