import { describe, expect, it } from 'vitest';
import { expandVariables, matchesPattern } from './patterns.js';

const vars = (values: Record<string, string>) => (key: string) => values[key.toLowerCase()];

describe('matchesPattern', () => {
  it.each([
    // Actions: case-insensitive, `*` and `?` anywhere.
    ['lambda:GetFunction', 'lambda:getfunction', 'action', true],
    ['lambda:Get*', 'lambda:GetFunctionConfiguration', 'action', true],
    ['lambda:Get*', 'lambda:UpdateAlias', 'action', false],
    ['*', 'codedeploy:CreateDeployment', 'action', true],
    ['lambda:?etAlias', 'lambda:GetAlias', 'action', true],
    ['lambda:*Alias', 'lambda:UpdateAlias', 'action', true],
    ['lambda:*', 'logs:FilterLogEvents', 'action', false],
    // Resources: case-sensitive; a wildcard stays in its segment unless it ends the segment.
    ['*', 'arn:aws:lambda:us-east-1:123456789012:function:f', 'arn', true],
    ['arn:aws:lambda:*:*:function:f', 'arn:aws:lambda:us-east-1:123456789012:function:f', 'arn', true],
    ['arn:aws:lambda:*:*:function:f', 'arn:aws:lambda:us-east-1:123456789012:function:F', 'arn', false],
    ['arn:aws:lambda:*:*:function:f', 'arn:aws:lambda:us-east-1:123456789012:function:f:live', 'arn', false],
    ['arn:aws:lambda:*:*:function:f:*', 'arn:aws:lambda:us-east-1:123456789012:function:f:live', 'arn', true],
    ['arn:aws:lambda:*:*:function:f:*', 'arn:aws:lambda:us-east-1:123456789012:function:f', 'arn', false],
    ['arn:aws:lambda:*:*:function:f*', 'arn:aws:lambda:us-east-1:123456789012:function:f', 'arn', true],
    ['arn:aws:lambda:*:*:function:f*', 'arn:aws:lambda:us-east-1:123456789012:function:f:live', 'arn', true],
    [
      'arn:aws:lambda:*:*:function:CodeDeployHook_*',
      'arn:aws:lambda:r:1:function:CodeDeployHook_pre',
      'arn',
      true,
    ],
    ['arn:aws:lambda:*:*:function:CodeDeployHook_*', 'arn:aws:lambda:r:1:function:pre', 'arn', false],
    ['arn:aws:lambda:us-?ast-1:*:function:f', 'arn:aws:lambda:us-east-1:1:function:f', 'arn', true],
    ['arn:aws:logs:*:*:log-group:/aws/lambda/*', 'arn:aws:logs:r:1:log-group:/aws/lambda/hello', 'arn', true],
    ['arn:aws:logs:*:*:log-group:/aws/lambda/*', 'arn:aws:logs:r:1:log-group:/custom/hello', 'arn', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b.txt', 'arn', true],
    // Literal characters that mean something in a regular expression.
    ['arn:aws:lambda:r:1:function:a.b', 'arn:aws:lambda:r:1:function:aXb', 'arn', false],
    // StringLike: `*` crosses colons and slashes.
    ['arn:aws:*', 'arn:aws:lambda:r:1:function:f', 'string', true],
    ['a?c', 'abc', 'string', true],
    ['a?c', 'ABC', 'string', false],
  ] as const)('%s against %s (%s): %s', (pattern, value, style, expected) => {
    expect(matchesPattern(pattern, value, style)).toBe(expected);
  });

  it('replaces policy variables with the request values, as literals', () => {
    const lookup = vars({ 'aws:username': 'bob*', 'aws:principaltag/team': 'blue' });
    expect(
      matchesPattern('arn:aws:iam::1:user/${aws:username}', 'arn:aws:iam::1:user/bob*', 'arn', lookup),
    ).toBe(true);
    // The value's own `*` is no wildcard.
    expect(
      matchesPattern('arn:aws:iam::1:user/${aws:username}', 'arn:aws:iam::1:user/bobby', 'arn', lookup),
    ).toBe(false);
    expect(matchesPattern('team-${aws:PrincipalTag/team}-*', 'team-blue-1', 'string', lookup)).toBe(true);
  });

  it('uses a default when the key is absent, and matches nothing without one', () => {
    const lookup = vars({});
    expect(
      matchesPattern("arn:aws:s3:::${aws:username, 'guest'}/*", 'arn:aws:s3:::guest/x', 'arn', lookup),
    ).toBe(true);
    expect(matchesPattern('arn:aws:s3:::${aws:username}/*', 'arn:aws:s3:::/x', 'arn', lookup)).toBe(false);
  });

  it('reads ${*}, ${?} and ${$} as the literal characters', () => {
    const lookup = vars({});
    expect(matchesPattern('a${*}b', 'a*b', 'string', lookup)).toBe(true);
    expect(matchesPattern('a${*}b', 'axxb', 'string', lookup)).toBe(false);
    expect(matchesPattern('a${?}', 'a?', 'string', lookup)).toBe(true);
    expect(expandVariables('cost${$}', lookup)).toBe('cost$');
  });

  it('leaves ${...} alone without variables (documents of the 2008 grammar)', () => {
    expect(matchesPattern('${aws:username}', '${aws:username}', 'string')).toBe(true);
  });
});
