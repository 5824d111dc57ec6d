import { describe, expect, it } from 'vitest';
import { APPSPEC_INVALID, parseAppSpec } from './appspec.js';

const yaml = `version: 0.0
Resources:
  - myfunc:
      Type: AWS::Lambda::Function
      Properties:
        Name: "myfunc"
        Alias: "myalias"
        CurrentVersion: "1"
        TargetVersion: "2"
Hooks:
  - BeforeAllowTraffic: "myfunc1"
`;

describe('parseAppSpec', () => {
  it('reads the seed AppSpec', () => {
    expect(parseAppSpec(yaml)).toEqual({
      ok: true,
      spec: {
        functionName: 'myfunc',
        alias: 'myalias',
        currentVersion: '1',
        targetVersion: '2',
        hooks: { BeforeAllowTraffic: 'myfunc1' },
      },
    });
  });

  it('reads JSON, lower-case keys, numeric versions and ARNs', () => {
    const json = JSON.stringify({
      version: '0.0',
      resources: [
        {
          f: {
            type: 'AWS::Lambda::Function',
            properties: {
              name: 'arn:aws:lambda:us-east-1:000000000000:function:fn',
              alias: 'live',
              currentversion: 3,
              targetversion: 4,
            },
          },
        },
      ],
      hooks: [{ AfterAllowTraffic: 'post' }],
    });
    expect(parseAppSpec(json)).toMatchObject({
      ok: true,
      spec: {
        functionName: 'fn',
        currentVersion: '3',
        targetVersion: '4',
        hooks: { AfterAllowTraffic: 'post' },
      },
    });
  });

  it.each([
    ['version: 0.0\nResources: [\n', /not well-formed yaml/],
    ['Resources: []', /missing the version/],
    [yaml.replace('TargetVersion: "2"', 'TargetVersion: "$LATEST"'), /must be a valid positive integer/],
    [yaml.replace('Alias: "myalias"', ''), /Missing properties: Alias/],
    [yaml.replace('AWS::Lambda::Function', 'AWS::ECS::Service'), /Type must be AWS::Lambda::Function/],
    [yaml.replace('BeforeAllowTraffic', 'BeforeInstall'), /not a Lambda lifecycle event/],
    [
      yaml.replace('Resources:\n', 'Resources:\n  - other:\n      Type: AWS::Lambda::Function\n'),
      /Only 1 Lambda resource/,
    ],
  ])('refuses %#', (content, message) => {
    const result = parseAppSpec(content);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message.startsWith(APPSPEC_INVALID)).toBe(true);
      expect(result.message).toMatch(message);
    }
  });
});
