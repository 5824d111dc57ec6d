/** What a template may hold at its top level, for `gradual deploy` and the server's CloudFormation alike. */

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** CloudFormation's template sections ("Template anatomy"), and SAM's `Globals`. */
export const TEMPLATE_SECTIONS: ReadonlySet<string> = new Set([
  'AWSTemplateFormatVersion',
  'Transform',
  'Description',
  'Metadata',
  'Parameters',
  'Mappings',
  'Conditions',
  'Globals',
  'Resources',
  'Outputs',
]);
