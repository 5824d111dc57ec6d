import { buildZip } from '../../src/common/zip-writer.js';

export const ROLE = 'arn:aws:iam::000000000000:role/lambda-role';

/** A Node.js function package whose handler returns `body`. */
export function nodeZip(body: unknown = { ok: true }): Promise<Buffer> {
  return buildZip({ 'index.js': `exports.handler = async () => (${JSON.stringify(body)});\n` });
}
