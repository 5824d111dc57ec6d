import { RESOURCE_TYPES } from '../../src/server/cloudformation/template/resource-types.js';
import type { ExtraSection } from './compatibility-page.js';

/**
 * CloudFormation's resource types as gradual's stack engine carries them out, read from its own
 * table: the properties each accepts, the ones whose change replaces it, its `Fn::GetAtt`
 * attributes. A template with any other type or property fails its change set, naming it.
 */

const code = (names: readonly string[]): string =>
  names.length === 0 ? 'none' : names.map((n) => `\`${n}\``).join(', ');

export function cloudFormationSection(): ExtraSection {
  const rows = Object.entries(RESOURCE_TYPES)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, spec]) => {
      const replace = spec.replaceOn === '*' ? 'every change' : code(spec.replaceOn);
      return `| \`${type}\` | ${code(spec.properties)} | ${code(spec.required)} | ${replace} | ${code(spec.attributes)} |`;
    });
  const markdown = [
    "The resource types a CloudFormation stack may hold, from the stack engine's own table " +
      '(src/server/cloudformation). A template with any other type, or another property, fails its ' +
      'change set with a message naming it. `AWS::Serverless::*` types are expanded by the SAM ' +
      'transform into these first.',
    '',
    '| Resource type | Properties | Required | Replaced on a change of | Attributes |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  return { title: 'CloudFormation resource types', markdown };
}
