import { describe, expect, it } from 'vitest';
import type { RestApiAggregate } from '../apigateway/rest/model.js';
import { DeployedStages } from './deployed-stages.js';

const root = { id: 'root000000', parentId: undefined, pathPart: undefined, path: '/', methods: {} };
const agg: RestApiAggregate = {
  api: {
    id: 'abcdefghij',
    name: 'a',
    description: undefined,
    version: undefined,
    createdDate: 0,
    rootResourceId: root.id,
    binaryMediaTypes: undefined,
    apiKeySource: 'HEADER',
    endpointTypes: ['EDGE'],
    disableExecuteApiEndpoint: false,
    tags: undefined,
  },
  resources: new Map([[root.id, root]]),
  deployments: new Map([['d1', { id: 'd1', description: undefined, createdDate: 0, resources: [root] }]]),
  stages: new Map([
    [
      'prod',
      {
        stageName: 'prod',
        deploymentId: 'd1',
        description: undefined,
        variables: undefined,
        createdDate: 0,
        lastUpdatedDate: 0,
      },
    ],
  ]),
};

function fake(results: (RestApiAggregate | undefined | Error)[]) {
  let listener: ((apiId: string) => void) | undefined;
  let loads = 0;
  const apis = {
    load: () => {
      const next = results[Math.min(loads++, results.length - 1)];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    onChange: (l: (apiId: string) => void) => {
      listener = l;
      return () => undefined;
    },
  };
  return { stages: new DeployedStages(apis), changed: (id: string) => listener?.(id), loads: () => loads };
}

describe('deployed stages', () => {
  it('compiles an API once, until it changes', async () => {
    const f = fake([agg, undefined]);
    expect((await f.stages.lookup('abcdefghij', 'prod')).kind).toBe('stage');
    expect((await f.stages.lookup('abcdefghij', 'dev')).kind).toBe('no-stage');
    expect(f.loads()).toBe(1);
    f.changed('abcdefghij');
    expect((await f.stages.lookup('abcdefghij', 'prod')).kind).toBe('no-api');
    expect(f.loads()).toBe(2);
  });

  it('does not remember a failed read', async () => {
    const f = fake([new Error('disk'), agg]);
    await expect(f.stages.lookup('abcdefghij', 'prod')).rejects.toThrow('disk');
    expect((await f.stages.lookup('abcdefghij', 'prod')).kind).toBe('stage');
  });
});
