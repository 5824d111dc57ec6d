import { COMPARISONS, PATH_OPERATORS, TYPE_TESTS } from '../../src/server/states/choice/operators.js';
import { parseResource } from '../../src/server/states/definition/resources.js';
import {
  NOT_RUN_HERE,
  STATE_SCHEMAS,
  STATE_TYPES,
  TOP_SCHEMA,
} from '../../src/server/states/definition/schemas.js';
import { INTRINSICS } from '../../src/server/states/intrinsics/functions.js';
import type { ExtraSection } from './compatibility-page.js';

/**
 * The Amazon States Language as gradual's Step Functions checks it, read from the definition
 * checker's own tables: the fields each state type accepts, the fields refused by name, the
 * intrinsic functions, the Choice operators, and how the checker reads the Task resources people
 * write most.
 */

const code = (names: Iterable<string>): string => [...names].map((n) => `\`${n}\``).join(', ');

/** Resources of each kind AWS documents; the verdict is the checker's own (`parseResource`). */
const RESOURCE_EXAMPLES = [
  'arn:aws:lambda:us-east-1:123456789012:function:my-function',
  'arn:aws:lambda:us-east-1:123456789012:function:my-function:live',
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
  'arn:aws:states:::sqs:sendMessage',
  'arn:aws:states:::sns:publish',
  'arn:aws:states:::dynamodb:putItem',
  'arn:aws:states:::states:startExecution.sync:2',
  'arn:aws:states:::ecs:runTask.sync',
  'arn:aws:states:::aws-sdk:s3:getObject',
  'arn:aws:states:::http:invoke',
  'arn:aws:states:us-east-1:123456789012:activity:my-activity',
];

function resourceVerdict(resource: string): string {
  const parsed = parseResource(resource);
  if (parsed === 'unsupported') return 'refused by name at CreateStateMachine';
  if (parsed === 'unrecognized') return 'refused as an invalid resource';
  switch (parsed.kind) {
    case 'lambda-arn':
      return parsed.qualifier ? 'runs (the function at that version or alias)' : 'runs';
    case 'lambda-invoke':
      return parsed.waitForTaskToken ? 'runs (waits for SendTaskSuccess/Failure)' : 'runs';
  }
}

export function aslSection(): ExtraSection {
  const states = STATE_TYPES.map(
    (type) => `| ${type} | ${code(Object.keys(STATE_SCHEMAS[type].shape).filter((f) => f !== 'Type'))} |`,
  );
  const refused = Object.entries(NOT_RUN_HERE).map(([field, needs]) => `| \`${field}\` | ${needs} |`);
  const resources = RESOURCE_EXAMPLES.map((r) => `| \`${r}\` | ${resourceVerdict(r)} |`);
  const markdown = [
    'What the definition checker of `CreateStateMachine` and `ValidateStateMachineDefinition` accepts, ' +
      'from its own tables (src/server/states). A definition with anything else is refused when it is ' +
      'created, never when it runs.',
    '',
    `Top level: ${code(Object.keys(TOP_SCHEMA.shape))}.`,
    '',
    '| State type | Fields |',
    '| --- | --- |',
    ...states,
    '',
    'Fields AWS accepts that gradual refuses by name:',
    '',
    '| Field | It needs |',
    '| --- | --- |',
    ...refused,
    '',
    `Intrinsic functions: ${code(Object.keys(INTRINSICS))}.`,
    '',
    `Choice rules: ${code(Object.keys(COMPARISONS))}; with a path operand ${code(PATH_OPERATORS)}; ` +
      `type tests ${code(Object.keys(TYPE_TESTS))}; combined with \`And\`, \`Or\`, \`Not\`.`,
    '',
    'Task resources:',
    '',
    '| Resource | gradual |',
    '| --- | --- |',
    ...resources,
  ].join('\n');
  return { title: 'Amazon States Language (Step Functions definitions)', markdown };
}
