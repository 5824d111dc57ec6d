import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  UpdateStateMachineCommand,
  type StateMachineType,
} from '@aws-sdk/client-sfn';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import { s3Document } from './api-body-location.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';

/** The definition a `DefinitionS3Location` names (SAM's `DefinitionUri`, JSON or YAML). */
async function fromS3(s3: ServiceClients['s3'], location: unknown): Promise<string> {
  return JSON.stringify(await s3Document(s3, location));
}

/** `DefinitionString`, `Definition` (an object) or the S3 one, with `DefinitionSubstitutions` put in. */
function definitionOf(p: Record<string, unknown>, stored: string | undefined): string {
  let definition =
    stored ??
    (p['DefinitionString'] !== undefined ? text(p['DefinitionString']) : JSON.stringify(p['Definition']));
  const subs = p['DefinitionSubstitutions'];
  if (subs && typeof subs === 'object')
    for (const [key, value] of Object.entries(subs))
      definition = definition.split(`\${${key}}`).join(text(value));
  return definition;
}

/**
 * AWS::StepFunctions::StateMachine through Step Functions' API: physical id (and `Ref`) the
 * machine's ARN; `Arn` and `Name`. A changed name or type replaces it, as CloudFormation does.
 */
export function stateMachine(
  { sfn, s3 }: ServiceClients,
  place: { region: string; accountId: string },
): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      if (request.action === 'delete') {
        try {
          await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: request.previous!.physicalId! }));
        } catch (error) {
          if (errorName(error) !== 'StateMachineDoesNotExist') throw error;
        }
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      const p = request.properties;
      const stored =
        p['DefinitionS3Location'] !== undefined ? await fromS3(s3, p['DefinitionS3Location']) : undefined;
      const definition = definitionOf(p, stored);
      const roleArn = text(p['RoleArn']);
      if (request.previous?.physicalId) {
        const arn = request.previous.physicalId;
        await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition, roleArn }));
        return { kind: 'done', physicalId: arn, attributes: request.previous.attributes };
      }
      const name =
        p['StateMachineName'] === undefined
          ? generatedName(request.stackName, request.logicalId, request.nameSeed, 80)
          : text(p['StateMachineName']);
      const tags = Array.isArray(p['Tags']) ? (p['Tags'] as { Key: unknown; Value: unknown }[]) : [];
      try {
        await sfn.send(
          new CreateStateMachineCommand({
            name,
            definition,
            roleArn,
            ...(p['StateMachineType'] !== undefined
              ? { type: text(p['StateMachineType']) as StateMachineType }
              : {}),
            ...(tags.length ? { tags: tags.map((t) => ({ key: text(t.Key), value: text(t.Value) })) } : {}),
          }),
        );
      } catch (error) {
        // Made before a crash under this resource's generated name: bring it in line instead.
        if (errorName(error) !== 'StateMachineAlreadyExists' || p['StateMachineName'] !== undefined)
          throw error;
        const arn = `arn:aws:states:${place.region}:${place.accountId}:stateMachine:${name}`;
        await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition, roleArn }));
      }
      const arn = `arn:aws:states:${place.region}:${place.accountId}:stateMachine:${name}`;
      return { kind: 'done', physicalId: arn, attributes: { Arn: arn, Name: name } };
    },
  };
}
