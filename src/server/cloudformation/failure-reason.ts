import { SERVICE_OF_ERROR } from './providers/clients.js';
import { errorName } from './providers/names.js';

interface Metadata {
  httpStatusCode?: number;
  requestId?: string;
}

/**
 * How a failed provider call reads in its resource's event. A refused call reads as
 * CloudFormation's resource handlers write it: `Resource handler returned message: "User: ... is
 * not authorized to perform: lambda:CreateFunction on resource: ... (Service: Lambda, Status Code:
 * 403, Request ID: ...)" (RequestToken: ..., HandlerErrorCode: AccessDenied)`; others keep the
 * service's own message.
 */
export function failureReason(error: unknown, requestToken: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const name = errorName(error);
  if (name !== 'AccessDeniedException' && name !== 'AccessDenied') return message;
  const meta: Metadata = (error as { $metadata?: Metadata }).$metadata ?? {};
  const service = (error as { [SERVICE_OF_ERROR]?: string })[SERVICE_OF_ERROR] ?? '';
  return (
    `Resource handler returned message: "${message} (Service: ${service}, Status Code: ` +
    `${meta.httpStatusCode ?? 403}, Request ID: ${meta.requestId ?? ''})" ` +
    `(RequestToken: ${requestToken}, HandlerErrorCode: AccessDenied)`
  );
}
