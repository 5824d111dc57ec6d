import { describe, expect, it } from 'vitest';
import { actorKey, actorOf, OPERATOR } from './actor.js';
import { failureReason } from './failure-reason.js';
import { SERVICE_OF_ERROR } from './providers/clients.js';

function serviceError(name: string, message: string, service: string): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, {
    $metadata: { httpStatusCode: 403, requestId: 'req-1' },
    [SERVICE_OF_ERROR]: service,
  });
}

describe('failureReason', () => {
  it("writes a refused call as CloudFormation's resource handlers do, naming the service that refused", () => {
    const message =
      'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: iam:PassRole on resource: arn:aws:iam::1:role/x because no identity-based policy allows the iam:PassRole action';
    expect(failureReason(serviceError('AccessDeniedException', message, 'Lambda'), 'tok')).toBe(
      `Resource handler returned message: "${message} (Service: Lambda, Status Code: 403, Request ID: req-1)" (RequestToken: tok, HandlerErrorCode: AccessDenied)`,
    );
  });

  it("keeps other errors' own messages", () => {
    expect(failureReason(serviceError('ResourceConflictException', 'in use', 'Lambda'), 'tok')).toBe(
      'in use',
    );
    expect(failureReason('plain', 'tok')).toBe('plain');
  });
});

describe('actorOf', () => {
  const caller = { roleArn: 'arn:aws:iam::1:role/deployer', functionArn: 'arn:aws:lambda:r:1:function:f' };

  it('acts as the service role when there is one, in the session CloudFormation names', () => {
    expect(actorOf('arn:aws:iam::1:role/svc', caller)).toEqual({
      kind: 'session',
      session: { roleArn: 'arn:aws:iam::1:role/svc', sessionName: 'AWSCloudFormation' },
    });
  });

  it("acts as the caller's session without one, and as the operator for the operator's keys", () => {
    expect(actorOf(undefined, caller)).toEqual({ kind: 'session', session: caller });
    expect(actorOf(undefined, undefined)).toEqual(OPERATOR);
    expect(actorKey(actorOf(undefined, caller))).not.toBe(actorKey(OPERATOR));
  });
});
