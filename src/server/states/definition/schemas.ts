import { z } from 'zod';

/**
 * The shape of each state type, strict: a field a state does not have is refused ("Field 'X' is
 * not supported"), as AWS refuses it. Cross-field rules and references are checked afterwards.
 */
const json = z.unknown();
const str = z.string();
const path = z.string().nullable();
const object = z.record(z.string(), json);
const seconds = z.number().int().min(1).max(99_999_999);

const retrier = z.strictObject({
  ErrorEquals: z.array(str).min(1),
  IntervalSeconds: z.number().int().min(1).max(99_999_999).optional(),
  MaxAttempts: z.number().int().min(0).max(99_999_999).optional(),
  BackoffRate: z.number().min(1).optional(),
  MaxDelaySeconds: z.number().int().min(1).max(31_622_400).optional(),
  JitterStrategy: z.enum(['FULL', 'NONE']).optional(),
  Comment: str.optional(),
});

const catcher = z.strictObject({
  ErrorEquals: z.array(str).min(1),
  Next: str,
  ResultPath: path.optional(),
  Comment: str.optional(),
});

const base = { Type: str, Comment: str.optional() };
const flow = { Next: str.optional(), End: z.boolean().optional() };
const filters = { InputPath: path.optional(), OutputPath: path.optional() };
const results = { ResultPath: path.optional() };
const handlers = { Retry: z.array(retrier).optional(), Catch: z.array(catcher).optional() };

/** Nested state machines (Parallel branches, Map processors) are checked on their own. */
const machine = z.record(z.string(), json);

export const STATE_SCHEMAS = {
  Pass: z.strictObject({
    ...base,
    ...flow,
    ...filters,
    ...results,
    Parameters: object.optional(),
    Result: json.optional(),
  }),
  Task: z.strictObject({
    ...base,
    ...flow,
    ...filters,
    ...results,
    ...handlers,
    Resource: str,
    Parameters: object.optional(),
    ResultSelector: object.optional(),
    TimeoutSeconds: seconds.optional(),
    TimeoutSecondsPath: str.optional(),
    HeartbeatSeconds: seconds.optional(),
    HeartbeatSecondsPath: str.optional(),
  }),
  Choice: z.strictObject({ ...base, ...filters, Choices: z.array(object).min(1), Default: str.optional() }),
  Wait: z.strictObject({
    ...base,
    ...flow,
    ...filters,
    Seconds: z.number().int().min(0).max(99_999_999).optional(),
    SecondsPath: str.optional(),
    Timestamp: str.optional(),
    TimestampPath: str.optional(),
  }),
  Succeed: z.strictObject({ ...base, ...filters }),
  Fail: z.strictObject({
    ...base,
    Error: str.optional(),
    ErrorPath: str.optional(),
    Cause: str.optional(),
    CausePath: str.optional(),
  }),
  Parallel: z.strictObject({
    ...base,
    ...flow,
    ...filters,
    ...results,
    ...handlers,
    Branches: z.array(machine).min(1),
    Parameters: object.optional(),
    ResultSelector: object.optional(),
  }),
  Map: z.strictObject({
    ...base,
    ...flow,
    ...filters,
    ...results,
    ...handlers,
    ItemProcessor: machine.optional(),
    Iterator: machine.optional(),
    ItemsPath: str.optional(),
    ItemSelector: object.optional(),
    Parameters: object.optional(),
    ResultSelector: object.optional(),
    MaxConcurrency: z.number().int().min(0).optional(),
  }),
} as const;

export type StateTypeName = keyof typeof STATE_SCHEMAS;
export const STATE_TYPES = ['Task', 'Wait', 'Pass', 'Succeed', 'Fail', 'Choice', 'Parallel', 'Map'] as const;

export const MACHINE_SCHEMA = z.strictObject({
  Comment: str.optional(),
  StartAt: str,
  States: z.record(z.string(), json),
  ProcessorConfig: json.optional(),
});

export const TOP_SCHEMA = MACHINE_SCHEMA.omit({ ProcessorConfig: true }).extend({
  Version: str.optional(),
  TimeoutSeconds: z.number().int().min(1).max(99_999_999).optional(),
  QueryLanguage: str.optional(),
});

/**
 * Fields AWS accepts that gradual does not run; refused by name rather than as unknown fields.
 * They need JSONata, variables, other AWS services or distributed Map.
 */
export const NOT_RUN_HERE: Record<string, string> = {
  Assign: 'workflow variables',
  Arguments: 'JSONata',
  Output: 'JSONata',
  Items: 'JSONata',
  QueryLanguage: 'JSONata',
  Credentials: 'cross-account roles',
  ItemReader: 'distributed Map',
  ItemBatcher: 'distributed Map',
  ResultWriter: 'distributed Map',
  ToleratedFailurePercentage: 'distributed Map',
  ToleratedFailurePercentagePath: 'distributed Map',
  ToleratedFailureCount: 'distributed Map',
  ToleratedFailureCountPath: 'distributed Map',
  Label: 'distributed Map',
  MaxConcurrencyPath: 'distributed Map',
};
