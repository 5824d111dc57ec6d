import { describe, expect, it } from 'vitest';
import type { HttpApiAggregate } from './model.js';
import {
  decideCreateApi,
  decideCreateIntegration,
  decideCreateRoute,
  decideCreateStage,
  integrationTarget,
  validateRouteKey,
  type HttpApiContext,
} from './rules.js';

const account = { region: 'us-east-1', accountId: '000000000000' };
let n = 0;
const ctx: HttpApiContext = {
  account,
  now: 1_700_000_000_000,
  newId: () => `id${String(n++).padStart(8, '0')}`,
};

function api(): HttpApiAggregate {
  const made = decideCreateApi(undefined, 'a1', { name: 'x', protocolType: 'HTTP' }, ctx).result;
  const withIntegration = decideCreateIntegration(
    made,
    {
      apiId: 'a1',
      integrationType: 'AWS_PROXY',
      integrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:f:live',
      payloadFormatVersion: '2.0',
    },
    ctx,
  );
  return withIntegration.change.kind === 'put' ? withIntegration.change.api : made;
}

describe('HTTP API rules', () => {
  it.each([
    ['$default', undefined],
    ['GET /', undefined],
    ['ANY /pets/{id}/toys/{proxy+}', undefined],
    ['get /pets', "expected '$default' or 'METHOD /path'"],
    ['FETCH /pets', 'FETCH is not one of'],
    ['GET pets', "expected '$default' or 'METHOD /path'"],
    ['GET /a//b', 'empty path segment'],
    ['GET /{proxy+}/x', 'a greedy {name+} must be the last part'],
    ['GET /{a}/{a}', "the path parameter 'a' appears twice"],
    ['GET /a{b', "malformed path part 'a{b'"],
  ])('route key %s', (key, problem) => {
    if (problem === undefined) expect(() => validateRouteKey(key)).not.toThrow();
    else expect(() => validateRouteKey(key)).toThrow(problem);
  });

  it('takes a function ARN or the apigateway invocations form; refuses other accounts and regions', () => {
    expect(integrationTarget('arn:aws:lambda:us-east-1:000000000000:function:f:live', account)).toEqual({
      functionName: 'f',
      qualifier: 'live',
    });
    expect(
      integrationTarget(
        'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations',
        account,
      ),
    ).toEqual({ functionName: 'f', qualifier: undefined });
    expect(() => integrationTarget('arn:aws:lambda:us-east-1:111111111111:function:f', account)).toThrow(
      'account 111111111111',
    );
  });

  it('refuses what it cannot serve, by name, changing nothing', () => {
    const current = api();
    expect(() => decideCreateApi(undefined, 'b', { name: 'w', protocolType: 'WEBSOCKET' }, ctx)).toThrow(
      'WEBSOCKET',
    );
    expect(() =>
      decideCreateIntegration(current, { apiId: 'a1', integrationType: 'HTTP_PROXY' }, ctx),
    ).toThrow('HTTP_PROXY');
    expect(() =>
      decideCreateIntegration(
        current,
        {
          apiId: 'a1',
          integrationType: 'AWS_PROXY',
          integrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:f',
          payloadFormatVersion: '3.0',
        },
        ctx,
      ),
    ).toThrow('PayloadFormatVersion');
    expect(() => decideCreateStage(current, { apiId: 'a1', stageName: 'beta' }, ctx)).toThrow('AutoDeploy');
    expect(() =>
      decideCreateRoute(current, { apiId: 'a1', routeKey: 'GET /x', authorizationType: 'JWT' }, ctx),
    ).toThrow('JWT');
    expect(() => decideCreateRoute(undefined, { apiId: 'zz', routeKey: 'GET /x' }, ctx)).toThrow(
      'Invalid API identifier specified zz',
    );
  });

  it('a route on an existing integration; a duplicate route key or stage is a conflict', () => {
    const current = api();
    const integrationId = current.integrations[0]!.integrationId;
    const made = decideCreateRoute(
      current,
      { apiId: 'a1', routeKey: 'GET /x', target: `integrations/${integrationId}` },
      ctx,
    );
    expect(made.result).toMatchObject({ routeKey: 'GET /x', target: `integrations/${integrationId}` });
    const next = made.change.kind === 'put' ? made.change.api : current;
    expect(() => decideCreateRoute(next, { apiId: 'a1', routeKey: 'GET /x' }, ctx)).toThrow('already exists');
    const staged = decideCreateStage(next, { apiId: 'a1', stageName: '$default', autoDeploy: true }, ctx);
    const withStage = staged.change.kind === 'put' ? staged.change.api : next;
    expect(() =>
      decideCreateStage(withStage, { apiId: 'a1', stageName: '$default', autoDeploy: true }, ctx),
    ).toThrow('already exists');
  });
});
