import type { Output } from '../model.js';

const EXECUTE_API = /https:\/\/([a-z0-9]{10})\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/g;

/**
 * An output naming an API on AWS's address (`https://<id>.execute-api.<region>.amazonaws.com/Prod/`,
 * as SAM's templates write it) is given as the address gradual's gateway serves that API at
 * (`http://<id>.execute-api.<region>.localhost:<gateway port>/Prod/`; curl resolves
 * `*.localhost` itself), so the URL a stack prints can be called as it is. Nothing else changes.
 */
export function gatewayAddresses(outputs: readonly Output[], gatewayPort: number | undefined): Output[] {
  if (!gatewayPort) return [...outputs];
  return outputs.map((o) => ({
    ...o,
    value: o.value.replace(
      EXECUTE_API,
      (_, id: string, region: string) => `http://${id}.execute-api.${region}.localhost:${gatewayPort}`,
    ),
  }));
}
