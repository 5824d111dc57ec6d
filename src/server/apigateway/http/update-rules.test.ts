import { describe, expect, it } from 'vitest';
import type { HttpApiAggregate } from './model.js';
import { decideCreateApi, decideCreateIntegration, decideCreateRoute, type HttpApiContext } from './rules.js';
import {
  decideDeleteIntegration,
  decideDeleteStage,
  decideUpdateIntegration,
  decideUpdateRoute,
} from './update-rules.js';

let n = 0;
const ctx: HttpApiContext = {
  account: { region: 'us-east-1', accountId: '000000000000' },
  now: 1_700_000_000_000,
  newId: () => `i${n++}abcdefghij`,
};
const FN = 'arn:aws:lambda:us-east-1:000000000000:function:f';

const after = <T>(d: { change: { kind: string; api?: HttpApiAggregate }; result: T }): HttpApiAggregate =>
  d.change.api!;

/** An API with one integration and the routes `GET /a` and `GET /b` on it. */
function api(): HttpApiAggregate {
  let agg = decideCreateApi(undefined, 'a1', { name: 'x', protocolType: 'HTTP' }, ctx).result;
  agg = after(
    decideCreateIntegration(
      agg,
      { apiId: 'a1', integrationType: 'AWS_PROXY', integrationUri: FN, payloadFormatVersion: '2.0' },
      ctx,
    ),
  );
  const target = `integrations/${agg.integrations[0]!.integrationId}`;
  agg = after(decideCreateRoute(agg, { apiId: 'a1', routeKey: 'GET /a', target }, ctx));
  return after(decideCreateRoute(agg, { apiId: 'a1', routeKey: 'GET /b', target }, ctx));
}

describe('HTTP API updates', () => {
  it('updates an integration in place, checked as a new one would be', () => {
    const agg = api();
    const id = agg.integrations[0]!.integrationId;
    const updated = decideUpdateIntegration(
      agg,
      { apiId: 'a1', integrationId: id, integrationUri: `${FN}:live` },
      ctx,
    );
    expect(updated.result).toMatchObject({
      integrationId: id,
      integrationUri: `${FN}:live`,
      payloadFormatVersion: '2.0',
    });
    expect(() =>
      decideUpdateIntegration(agg, { apiId: 'a1', integrationId: id, payloadFormatVersion: '3.0' }, ctx),
    ).toThrow(/Invalid PayloadFormatVersion 3.0/);
  });

  it('changes a route key unless another route has it', () => {
    const agg = api();
    const [a] = agg.routes;
    expect(
      decideUpdateRoute(agg, { apiId: 'a1', routeId: a!.routeId, routeKey: 'POST /a' }, ctx).result,
    ).toMatchObject({
      routeId: a!.routeId,
      routeKey: 'POST /a',
      target: a!.target,
    });
    expect(() =>
      decideUpdateRoute(agg, { apiId: 'a1', routeId: a!.routeId, routeKey: 'GET /b' }, ctx),
    ).toThrow(/route key already exists/);
  });

  it('refuses to delete an integration a route targets; deletes a stage that exists only', () => {
    const agg = api();
    const id = agg.integrations[0]!.integrationId;
    expect(() => decideDeleteIntegration(agg, { apiId: 'a1', integrationId: id })).toThrow(/targets it/);
    expect(() => decideDeleteStage(agg, { apiId: 'a1', stageName: '$default' })).toThrow(
      /Invalid stage identifier specified \$default/,
    );
  });
});
