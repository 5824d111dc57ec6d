import { randomBytes, randomUUID } from 'node:crypto';

/** Chance as an input: weighted routing, ids and jitter all draw from an injected Random. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A version 4 UUID. */
  uuid(): string;
  /** `n` random bytes as lowercase hex. */
  hex(bytes: number): string;
}

export function cryptoRandom(): Random {
  return {
    next: () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48,
    uuid: () => randomUUID(),
    hex: (n) => randomBytes(n).toString('hex'),
  };
}

/** A reproducible sequence (mulberry32) so tests can assert exact splits. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const hex = (n: number): string =>
    Array.from({ length: n }, () =>
      Math.floor(next() * 256)
        .toString(16)
        .padStart(2, '0'),
    ).join('');
  return {
    next,
    hex,
    uuid() {
      const h = hex(16);
      const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
