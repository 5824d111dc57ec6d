import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_OPERATIONS } from '../../src/server/api/lambda/routes.js';
import { createActiveFunction } from '../support/lambda.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { signedFetch } from '../support/signed-fetch.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await createActiveFunction(t.lambda, 'target');
});
afterAll(async () => {
  await t.dispose();
});

const BODIES = [
  '',
  'null',
  '[]',
  '"text"',
  '42',
  '{"FunctionName": 5, "Name": [], "FunctionVersion": {}, "RoutingConfig": "x", "Tags": [1]}',
  '{"Code": {"ZipFile": 7}, "Environment": {"Variables": {"A": 1}}, "Timeout": "3", "ReservedConcurrentExecutions": "many"}',
  '{"RoutingConfig": {"AdditionalVersionWeights": {"1": "half"}}, "Publish": "yes", "Architectures": "x86_64"}',
  '{' + '"a":'.repeat(1) + '{'.repeat(3000) + '}'.repeat(3000) + '}',
];
const NAMES = [
  'target',
  'missing',
  'target:live',
  'arn:aws:lambda:us-east-1:000000000000:function:target:9',
  'bad name',
  '%',
  'x'.repeat(300),
];

/** Every body, with a plain query; and once with malformed query parameters. */
function cases(method: string): [string, string][] {
  const bodies = method === 'GET' || method === 'DELETE' ? [''] : BODIES;
  return [
    ...bodies.map((b): [string, string] => [b, '']),
    ['', '?MaxItems=abc&Qualifier=%24bad%24&FunctionVersion=x'],
  ];
}

describe('malformed input', () => {
  it('never gets a 5xx from any Lambda operation', async () => {
    const failures: string[] = [];
    for (const op of LAMBDA_OPERATIONS) {
      for (const name of NAMES) {
        const path = op.http.path
          .replace(':FunctionName', encodeURIComponent(name))
          .replace(':Name', encodeURIComponent(name))
          .replace(':Resource', encodeURIComponent(`arn:aws:lambda:us-east-1:000000000000:function:${name}`));
        for (const [body, query] of cases(op.http.method)) {
          const response = await signedFetch(`${t.server.url}${path}${query}`, {
            method: op.http.method,
            body,
            credentials: t.credentials,
          });
          const text = await response.text();
          if (response.status >= 500)
            failures.push(`${op.name} ${name} ${body.slice(0, 40)} -> ${response.status} ${text}`);
          if (response.status >= 400)
            expect(response.headers.get('x-amzn-errortype'), `${op.name} ${text}`).toBeTruthy();
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
