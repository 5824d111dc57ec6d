import { describe, expect, it } from 'vitest';
import { decideCreateApi } from './rules.js';
import { decideDeleteCorsConfiguration, decideUpdateApi } from './update-rules.js';
import type { HttpApiAggregate } from './model.js';

const ctx = { account: { accountId: '000000000000', region: 'us-east-1' }, now: 1, newId: () => 'x' };
const create = (corsConfiguration: object): HttpApiAggregate =>
  decideCreateApi(undefined, 'a1', { name: 'n', protocolType: 'HTTP', corsConfiguration }, ctx).result;

describe('HTTP API CORS configuration', () => {
  it('is kept with the API, replaced by UpdateApi and removed by DeleteCorsConfiguration', () => {
    const agg = create({ allowOrigins: ['https://a.example'], maxAge: 60 });
    expect(agg.api.corsConfiguration).toEqual({ allowOrigins: ['https://a.example'], maxAge: 60 });
    const updated = decideUpdateApi(agg, { apiId: 'a1', corsConfiguration: { allowOrigins: ['*'] } });
    expect(updated.result.corsConfiguration).toEqual({ allowOrigins: ['*'] });
    const deleted = decideDeleteCorsConfiguration({ ...agg, api: updated.result }, 'a1');
    expect(deleted.change.kind === 'put' && deleted.change.api.api.corsConfiguration).toBeUndefined();
    const plain = decideCreateApi(undefined, 'a2', { name: 'n', protocolType: 'HTTP' }, ctx).result;
    expect(decideDeleteCorsConfiguration(plain, 'a2').change).toEqual({ kind: 'none' });
  });

  it('refuses credentials for every origin, as API Gateway does, and a maxAge past a day', () => {
    expect(() => create({ allowOrigins: ['*'], allowCredentials: true })).toThrow(
      "allow-credentials is not supported if 'allow-origin' is *",
    );
    expect(() => create({ maxAge: 86401 })).toThrow('maxAge must be between -1 and 86400');
  });
});
