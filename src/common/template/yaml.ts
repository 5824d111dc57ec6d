import { parseDocument, type ScalarTag, type CollectionTag, type YAMLMap, type YAMLSeq } from 'yaml';
import { TemplateError } from './errors.js';

/** The short forms CloudFormation reads, each becoming its long form (`!Sub x` -> `{"Fn::Sub": x}`). */
const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'Equals',
  'Not',
  'And',
  'Or',
  'Length',
  'ToJsonString',
];

type Tag = ScalarTag | CollectionTag;

function longForm(tag: string, key: string, scalar: (s: string) => unknown = (s) => s): Tag[] {
  return [
    { tag, resolve: (s: string) => ({ [key]: scalar(s) }) },
    { tag, collection: 'seq', resolve: (node: YAMLSeq | YAMLMap) => ({ [key]: node.toJSON() as unknown }) },
    { tag, collection: 'map', resolve: (node: YAMLSeq | YAMLMap) => ({ [key]: node.toJSON() as unknown }) },
  ];
}

const TAGS: Tag[] = [
  ...FUNCTIONS.flatMap((f) => longForm(`!${f}`, `Fn::${f}`)),
  // `!GetAtt A.B` is the string form of `[A, B]` (the attribute may contain dots itself).
  ...longForm('!GetAtt', 'Fn::GetAtt', (s) => {
    const dot = s.indexOf('.');
    return dot < 0 ? s : [s.slice(0, dot), s.slice(dot + 1)];
  }),
  ...longForm('!Ref', 'Ref'),
  ...longForm('!Condition', 'Condition'),
];

/**
 * Reads a CloudFormation template (YAML or JSON) into plain data with every short-form intrinsic in
 * its long form, so the rest of the code knows one spelling.
 */
export function loadTemplate(text: string): Record<string, unknown> {
  const doc = parseDocument(text, { customTags: TAGS, uniqueKeys: true, prettyErrors: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    // The pretty message's first line reads "<what> at line L, column C:".
    const first = problem.message.split('\n')[0]!.replace(/:$/, '');
    throw new TemplateError('', `template is not valid YAML: ${first}`);
  }
  const value: unknown = doc.toJSON();
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new TemplateError('', 'template must be a YAML or JSON mapping');
  return value as Record<string, unknown>;
}
