import { z } from 'zod';
import { SerializationException, ServiceError } from '../../../common/errors.js';
import {
  ApplicationNameRequiredException,
  BatchLimitExceededException,
  DeploymentGroupNameRequiredException,
  DeploymentIdRequiredException,
  InvalidApplicationNameException,
  InvalidDeploymentGroupNameException,
  InvalidDeploymentIdException,
  InvalidInputException,
  InvalidNextTokenException,
} from '../../deployments/errors.js';
import { memberPath, serializationMessage, valueAt } from '../validation.js';

/**
 * CodeDeploy names the exception for each refused member (ApplicationNameRequiredException,
 * InvalidRevisionException, ...; CodeDeploy API Reference, each operation's "Errors"). A schema
 * says which by attaching the error to the zod issue; `codeDeployInvalid` throws it.
 */

/** Fails the member being parsed with CodeDeploy's named exception. */
export function refuse(ctx: z.RefinementCtx, error: ServiceError): never {
  ctx.addIssue({ code: 'custom', message: error.message, params: { error } });
  return z.NEVER;
}

/**
 * A member parsed by `schema`; when it is missing or does not fit, the error `why` names is the
 * answer (a missing member is `undefined`).
 */
export function named<S extends z.ZodType>(
  schema: S,
  why: (value: unknown) => ServiceError,
): z.ZodType<z.output<S>> {
  const member = z.unknown().transform((value, ctx): z.output<S> => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : refuse(ctx, why(value));
  });
  // zod wants an absent member's schema to say it may be absent: optional, or defaulted.
  const absent = schema.safeParse(undefined);
  if (!absent.success) return member;
  return (absent.data === undefined ? member.optional() : member.default(absent.data as never)) as z.ZodType<
    z.output<S>
  >;
}

/** The first named exception among the issues; otherwise the JSON type error or InvalidInputException. */
export function codeDeployInvalid(error: z.ZodError, input: unknown): ServiceError {
  for (const issue of error.issues) {
    const named = (issue as { params?: { error?: unknown } }).params?.error;
    if (named instanceof ServiceError) return named;
  }
  const issue = error.issues[0]!;
  const value = valueAt(input, issue.path);
  const member = memberPath(issue.path, 'members');
  if (issue.code === 'invalid_type' && value !== undefined && value !== null)
    return new SerializationException(serializationMessage(value, issue.expected, member));
  return new InvalidInputException(`${member || 'The request'}: ${issue.message}`);
}

/** A refused value as a message shows it. */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const NAME = /^[A-Za-z0-9+=,.@_-]{1,100}$/;

/** ApplicationNameRequiredException for a missing name, InvalidApplicationNameException for a bad one. */
export function applicationNameError(value: unknown): ServiceError {
  return value === undefined || value === ''
    ? new ApplicationNameRequiredException('The application name must be specified.')
    : new InvalidApplicationNameException(
        `The application name '${shown(value)}' is invalid: use 1 to 100 letters, digits and the characters + = , . @ _ -.`,
      );
}

export function groupNameError(value: unknown): ServiceError {
  return value === undefined || value === ''
    ? new DeploymentGroupNameRequiredException('The deployment group name must be specified.')
    : new InvalidDeploymentGroupNameException(
        `The deployment group name '${shown(value)}' is invalid: use 1 to 100 letters, digits and the characters + = , . @ _ -.`,
      );
}

export const applicationName = named(z.string().regex(NAME), applicationNameError);

export const groupName = named(z.string().regex(NAME), groupNameError);

export const deploymentId = named(z.string().regex(/^d-[A-Z0-9]{9}$/), (value) =>
  value === undefined || value === ''
    ? new DeploymentIdRequiredException('A deployment ID must be specified.')
    : new InvalidDeploymentIdException(`The deployment ID '${shown(value)}' is not valid.`),
);

/** Up to 100 names or ids (BatchGet*). */
export const batch = named(z.array(z.string()).max(100).default([]), () => {
  return new BatchLimitExceededException(
    'The maximum number of names or IDs allowed for this request (100) was exceeded.',
  );
});

/** Tags as `[{Key, Value}]`; a tag without a key is dropped. */
export const tags = z
  .array(z.object({ Key: z.string().optional(), Value: z.string().optional() }))
  .optional()
  .transform((list) =>
    (list ?? []).flatMap((t) => (t.Key === undefined ? [] : [{ Key: t.Key, Value: t.Value ?? '' }])),
  );

/** Pages through a sorted list with an opaque token. */
export function page<T>(
  items: readonly T[],
  nextToken: string | undefined,
  size = 100,
): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    start = Number(Buffer.from(nextToken, 'base64url').toString());
    if (!Number.isInteger(start) || start < 0 || start > items.length) {
      throw new InvalidNextTokenException('The next token was not returned by a previous call.');
    }
  }
  const end = start + size;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}
