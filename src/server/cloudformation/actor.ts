/** A role's session, as the auth layer knows it from a request's temporary credentials. */
export interface ActorSession {
  roleArn: string;
  /** The function whose credentials they are; absent for CloudFormation's own session. */
  functionArn?: string;
  /** When not the function's name: `AWSCloudFormation` for a service role. */
  sessionName?: string;
}

/**
 * Whose permissions a stack operation's calls to other services carry. CloudFormation acts with
 * the credentials of whoever started the operation unless the stack has a service role, which
 * it then assumes for every call ("AWS CloudFormation service role", CloudFormation User Guide).
 * Kept with the operation, so an operation resumed after kill -9 acts as the same principal.
 */
export type StackActor =
  /** gradual's operator keys (or authentication off): every call allowed. */
  | { kind: 'operator' }
  /** A role's session: the caller's own (a function's credentials), or the service role's. */
  | { kind: 'session'; session: ActorSession };

export const OPERATOR: StackActor = { kind: 'operator' };

/** The session name CloudFormation gives the service role it assumes. */
export const SERVICE_ROLE_SESSION = 'AWSCloudFormation';

/** Who acts for an operation: the service role when the stack has one, else its caller. */
export function actorOf(roleArn: string | undefined, caller: ActorSession | undefined): StackActor {
  if (roleArn !== undefined)
    return { kind: 'session', session: { roleArn, sessionName: SERVICE_ROLE_SESSION } };
  return caller ? { kind: 'session', session: caller } : OPERATOR;
}

/** A key naming an actor, for one set of signed clients per actor. */
export function actorKey(actor: StackActor): string {
  switch (actor.kind) {
    case 'operator':
      return 'operator';
    case 'session':
      return JSON.stringify([actor.session.roleArn, actor.session.functionArn, actor.session.sessionName]);
  }
}
