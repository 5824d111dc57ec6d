/** An AWS managed policy as gradual serves it: IAM's metadata and the published document. */
export interface ManagedPolicyData {
  name: string;
  /** `/` or `/service-role/`: part of the ARN. */
  path: string;
  description: string;
  /** The default version's id. */
  versionId: string;
  createDate: string;
  updateDate: string;
  document: Readonly<Record<string, unknown>>;
}
