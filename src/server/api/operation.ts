import type { z } from 'zod';
import type { Caller } from '../auth/sigv4.js';
import type { Leaves } from './protocols/leaves.js';

/**
 * One AWS operation, declared once whatever protocol carries it:
 *
 *   export const getThing = operation('GetThing', (t) => z.object({ Name: z.string(), Max: t.int() }),
 *     async (input, deps: ThingDeps): Promise<GetThingOutput> => ({ Thing: ... }));
 *
 * - `input` builds a zod schema from the protocol's scalar leaves (`t.int()` is a JSON number in
 *   AWS JSON 1.0/1.1 and a digit string in awsQuery; see protocols/leaves.ts), so one declaration
 *   serves every protocol a service speaks. Plain zod members need no leaves.
 * - `handle` gets the parsed, trusted input and returns the output members (or undefined for an
 *   empty output); timestamps as `Date`, maps as `WireMap`: the protocol writer puts them on the
 *   wire (epoch seconds in JSON, ISO-8601 and `member` lists in XML).
 * - A protocol adapter (rpc-service.ts for `POST /` services) decodes the request into a plain
 *   object, parses it with the schema, reports a failed parse in the service's own words, calls
 *   `handle`, and writes the output or the error. Services list their operations in one table.
 */
export interface Operation<Deps, In = unknown, Out extends Output | undefined = Output | undefined> {
  readonly name: string;
  input(leaves: Leaves): z.ZodType<In>;
  handle(input: In, deps: Deps, context: OperationContext): Promise<Out>;
}

/** An operation's output members before a protocol writes them. */
export type Output = Record<string, unknown>;

/** What a handler may know of the request beyond its input. */
export interface OperationContext {
  /** The `x-amzn-RequestId` (awsQuery: `RequestId`) the request is answered with. */
  requestId: string;
  /** Who signed it; undefined when authentication is off. */
  caller: Caller | undefined;
}

/**
 * Declares an operation; the input type comes from the schema, the output from the handler. The
 * schema's own type is inferred and its output read off it (`z.output`): inferring `In` through
 * `z.ZodType<In>` made the checker match zod's class types structurally, seconds over src/server/api.
 * The handler's input is not inferred from (`NoInfer`): it only follows the schema.
 */
export function operation<Deps, Schema extends z.ZodType, Out extends Output | undefined>(
  name: string,
  input: (leaves: Leaves) => Schema,
  handle: (input: NoInfer<z.output<Schema>>, deps: Deps, context: OperationContext) => Promise<Out>,
): Operation<Deps, z.output<Schema>, Out> {
  // A generic schema is not known to be a ZodType of its own output; it is.
  return { name, input: input as (leaves: Leaves) => z.ZodType<z.output<Schema>>, handle };
}

/** A map member of an output (`Datapoint.ExtendedStatistics`): an object in JSON, `entry` lists in XML. */
export class WireMap {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}
