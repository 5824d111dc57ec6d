import type { Decision } from './evaluate.js';

/**
 * AccessDeniedException's message, in the form AWS services return it: "User: <principal> is not
 * authorized to perform: <action> on resource: <resource> because no identity-based policy allows
 * the <action> action" (or "with an explicit deny in an identity-based policy").
 */
export function accessDeniedMessage(
  principalArn: string,
  action: string,
  resource: string,
  decision: Exclude<Decision, { kind: 'allow' }>,
): string {
  const head = `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`;
  switch (decision.kind) {
    case 'explicitDeny':
      return `${head} with an explicit deny in an identity-based policy`;
    case 'implicitDeny':
      return `${head} because no identity-based policy allows the ${action} action`;
  }
}
