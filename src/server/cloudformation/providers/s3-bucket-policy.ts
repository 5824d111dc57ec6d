import { DeleteBucketPolicyCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';

/**
 * AWS::S3::BucketPolicy: PutBucketPolicy on `Bucket` (a changed bucket moves it: the old one's
 * policy is deleted); DeleteBucketPolicy on delete. gradual's S3 keeps the policy (GetBucketPolicy
 * returns it) but does not enforce it.
 */
export function s3BucketPolicy({ s3 }: ServiceClients): ResourceProvider {
  const remove = (bucket: string) =>
    s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket })).catch((e: unknown) => {
      if (errorName(e) !== 'NoSuchBucket') throw e;
    });
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const before = request.previous?.properties;
      if (request.action === 'delete') {
        await remove(text(before?.['Bucket']));
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      const p = request.properties;
      const bucket = text(p['Bucket']);
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: text(p['PolicyDocument']) }));
      if (before && text(before['Bucket']) !== bucket) await remove(text(before['Bucket']));
      const physicalId =
        request.previous?.physicalId ??
        generatedName(request.stackName, request.logicalId, request.nameSeed, 128);
      return { kind: 'done', physicalId, attributes: {} };
    },
  };
}
