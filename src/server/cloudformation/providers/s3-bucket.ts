import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';

/**
 * AWS::S3::Bucket (the artifact bucket `sam deploy`'s managed stack makes) through S3's API:
 * physical id (and `Ref`) the bucket's name; `Arn`, `DomainName`, `RegionalDomainName`. A bucket
 * that still holds objects is not deleted: S3's `BucketNotEmpty` fails the delete, as on AWS.
 */
export function s3Bucket({ s3 }: ServiceClients, place: { region: string }): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      if (request.action === 'delete') {
        try {
          await s3.send(new DeleteBucketCommand({ Bucket: request.previous!.physicalId! }));
        } catch (error) {
          if (errorName(error) !== 'NoSuchBucket') throw error;
        }
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      const p = request.properties;
      const name =
        request.previous?.physicalId ??
        (p['BucketName'] === undefined
          ? generatedName(request.stackName, request.logicalId, request.nameSeed, 63).toLowerCase()
          : text(p['BucketName']));
      if (!request.previous) {
        try {
          await s3.send(new CreateBucketCommand({ Bucket: name }));
        } catch (error) {
          // Ours already (made before a crash): S3 says so with BucketAlreadyOwnedByYou.
          if (errorName(error) !== 'BucketAlreadyOwnedByYou') throw error;
        }
      }
      return {
        kind: 'done',
        physicalId: name,
        attributes: {
          Arn: `arn:aws:s3:::${name}`,
          DomainName: `${name}.s3.amazonaws.com`,
          RegionalDomainName: `${name}.s3.${place.region}.amazonaws.com`,
        },
      };
    },
  };
}
