/**
 * Where `gradual serve` answers when started without flags. Apart from the recorded address's zod
 * schema: client commands print it in their help, which then loads no zod.
 */
export const DEFAULT_SERVER_ADDRESS = { url: 'http://127.0.0.1:9000', region: 'us-east-1' } as const;
