import {
  AddPermissionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  RemovePermissionCommand,
  UpdateFunctionUrlConfigCommand,
  type Cors,
  type FunctionUrlAuthType,
} from '@aws-sdk/client-lambda';
import type { ApplyRequest, Outcome, ResourceProvider } from '../ports.js';
import type { ServiceClients } from './clients.js';
import { errorName, generatedName, text } from './names.js';

const ignoreMissing = (e: unknown): void => {
  if (errorName(e) !== 'ResourceNotFoundException') throw e;
};

/** AWS::Lambda::Permission: AddPermission with a generated statement id (the physical id). */
export function lambdaPermission({ lambda }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const p = request.properties;
      if (request.action === 'delete') {
        const prev = request.previous!;
        await lambda
          .send(
            new RemovePermissionCommand({
              FunctionName: text(prev.properties['FunctionName']),
              StatementId: prev.physicalId,
            }),
          )
          .catch(ignoreMissing);
        return { kind: 'done', physicalId: prev.physicalId ?? '', attributes: {} };
      }
      const sid = generatedName(request.stackName, request.logicalId, request.nameSeed, 100);
      await lambda
        .send(
          new AddPermissionCommand({
            FunctionName: text(p['FunctionName']),
            StatementId: sid,
            Action: text(p['Action']),
            Principal: text(p['Principal']),
            ...(p['SourceArn'] !== undefined ? { SourceArn: text(p['SourceArn']) } : {}),
            ...(p['SourceAccount'] !== undefined ? { SourceAccount: text(p['SourceAccount']) } : {}),
            ...(p['FunctionUrlAuthType'] !== undefined
              ? { FunctionUrlAuthType: text(p['FunctionUrlAuthType']) as FunctionUrlAuthType }
              : {}),
          }),
        )
        .catch((e: unknown) => {
          if (errorName(e) !== 'ResourceConflictException') throw e;
        });
      return { kind: 'done', physicalId: sid, attributes: {} };
    },
  };
}

function target(p: Record<string, unknown>): { FunctionName: string; Qualifier?: string } {
  const arn = text(p['TargetFunctionArn']);
  const m = /^(arn:aws:lambda:[^:]+:[^:]+:function:[^:]+):([^:]+)$/.exec(arn);
  const qualifier = p['Qualifier'] !== undefined ? text(p['Qualifier']) : m?.[2];
  return { FunctionName: m ? m[1]! : arn, ...(qualifier !== undefined ? { Qualifier: qualifier } : {}) };
}

/** AWS::Lambda::Url: the function URL of a function or alias; `FunctionUrl`, `FunctionArn`. */
export function lambdaUrl({ lambda }: ServiceClients): ResourceProvider {
  return {
    async apply(request: ApplyRequest): Promise<Outcome> {
      const p = request.properties;
      if (request.action === 'delete') {
        await lambda
          .send(new DeleteFunctionUrlConfigCommand(target(request.previous!.properties)))
          .catch(ignoreMissing);
        return { kind: 'done', physicalId: request.previous!.physicalId ?? '', attributes: {} };
      }
      const input = {
        ...target(p),
        AuthType: text(p['AuthType']) as FunctionUrlAuthType,
        ...(p['Cors'] !== undefined ? { Cors: p['Cors'] as Cors } : {}),
      };
      const out =
        request.action === 'update'
          ? await lambda.send(new UpdateFunctionUrlConfigCommand(input))
          : await lambda.send(new CreateFunctionUrlConfigCommand(input)).catch(async (e: unknown) => {
              if (errorName(e) !== 'ResourceConflictException') throw e;
              return lambda.send(new UpdateFunctionUrlConfigCommand(input));
            });
      return {
        kind: 'done',
        physicalId: out.FunctionArn!,
        attributes: { FunctionUrl: out.FunctionUrl!, FunctionArn: out.FunctionArn! },
      };
    },
  };
}
