/**
 * What the server's answers to the probe say, decided apart from sending them. An operation gradual
 * has a handler for answers with its result or a validation error about the missing members; one it
 * has not answers with the error its protocol uses for an unknown operation (or, before a handler
 * for the service exists at all, an error from whichever route caught the request).
 */

export type Verdict =
  | { kind: 'supported' }
  | { kind: 'refused'; answer: string }
  /** Sent on another operation's method and path, and answered exactly as that one. */
  | { kind: 'unverified'; like: string; queryKeys: readonly string[] };

export interface OperationVerdict {
  name: string;
  verdict: Verdict;
}

/** One operation's request and answer. */
export interface Probe {
  name: string;
  /** `POST /restapis` (labels filled with `x`). */
  route: string;
  queryKeys: readonly string[];
  /** undefined: a success. */
  errorName: string | undefined;
  /** Status, error and message. */
  answer: string;
  /** The answer to the same operation with an empty input, for operations that share a route. */
  bareAnswer?: string;
}

/**
 * Errors that mean no handler of this service took the request. The probe signs with the owner's
 * keys, so an authentication or authorization failure means the request reached some other route.
 */
const NOT_DISPATCHED = new Set([
  'UnknownOperationException',
  'UnknownOperation',
  'InvalidAction',
  'NotImplemented',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'AccessDeniedException',
  'UnrecognizedClientException',
]);

export function verdictOf(errorName: string | undefined): Verdict {
  if (errorName === undefined || !NOT_DISPATCHED.has(errorName)) return { kind: 'supported' };
  return { kind: 'refused', answer: errorName };
}

/** Request ids and other uuids differ between any two answers. */
function comparable(answer: string): string {
  return answer.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');
}

/**
 * REST APIs tell some operations apart by a query parameter only (ImportRestApi is
 * `POST /restapis?mode=import`, CreateRestApi `POST /restapis`). When such an operation, asked with
 * an empty input, is answered exactly as the one without that parameter, the probe cannot say a
 * handler of its own answered.
 */
export function verdicts(probes: readonly Probe[]): OperationVerdict[] {
  return probes.map((probe) => {
    const verdict = verdictOf(probe.errorName);
    if (verdict.kind !== 'supported') return { name: probe.name, verdict };
    const twin = probes.find(
      (other) =>
        other !== probe &&
        other.route === probe.route &&
        other.queryKeys.length < probe.queryKeys.length &&
        verdictOf(other.errorName).kind === 'supported' &&
        comparable(other.bareAnswer ?? other.answer) === comparable(probe.bareAnswer ?? probe.answer),
    );
    if (!twin) return { name: probe.name, verdict };
    const extra = probe.queryKeys.filter((key) => !twin.queryKeys.includes(key));
    return { name: probe.name, verdict: { kind: 'unverified', like: twin.name, queryKeys: extra } };
  });
}
