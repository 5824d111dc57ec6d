/**
 * What gradual's CloudFormation knows of one resource type: the properties it accepts, those whose
 * change replaces the resource (a new physical resource, the old one deleted in cleanup), and its
 * `Fn::GetAtt` attributes.
 */
export interface TypeSpec {
  properties: readonly string[];
  required: readonly string[];
  /** `'*'`: every change replaces (immutable resources such as versions). */
  replaceOn: readonly string[] | '*';
  attributes: readonly string[];
}
