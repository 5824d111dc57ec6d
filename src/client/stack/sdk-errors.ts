/** Reading AWS SDK errors by name: "not found" is an answer, not a failure, when syncing state. */
export function errorName(e: unknown): string | undefined {
  return e instanceof Error ? e.name : undefined;
}

export async function orUndefined<T>(promise: Promise<T>, notFound: string): Promise<T | undefined> {
  try {
    return await promise;
  } catch (e) {
    if (errorName(e) === notFound) return undefined;
    throw e;
  }
}
