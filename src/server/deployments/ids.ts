import type { Random } from '../../common/random.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `d-` and nine characters from [A-Z0-9], as CodeDeploy's deployment ids. */
export function deploymentId(random: Random): string {
  let id = 'd-';
  for (let i = 0; i < 9; i++) id += ALPHABET[Math.floor(random.next() * ALPHABET.length)];
  return id;
}

/**
 * An opaque, unguessable hook execution id shaped like CodeDeploy's (base64 of a small JSON
 * document), so tooling that logs or truncates them behaves the same.
 */
export function hookExecutionId(random: Random): string {
  const doc = {
    encryptedData: Buffer.from(random.hex(48), 'hex').toString('base64'),
    ivParameterSpec: Buffer.from(random.hex(12), 'hex').toString('base64'),
    materialSetSerial: 1,
  };
  return Buffer.from(JSON.stringify(doc)).toString('base64');
}
