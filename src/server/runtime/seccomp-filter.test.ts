import { describe, expect, it } from 'vitest';
import {
  CLONE_NAMESPACES,
  compileSeccompFilter,
  RET_ENOSYS,
  RET_EPERM,
  SECCOMP_RET_ALLOW,
} from './seccomp-filter.js';
import { ARCHES, REFUSED, type SeccompArch } from './seccomp-syscalls.js';

/** Runs a classic BPF program as the kernel would against one `struct seccomp_data`. */
function run(program: Buffer, data: { nr: number; arch: number; args?: number[] }): number {
  const mem = Buffer.alloc(64);
  mem.writeInt32LE(data.nr, 0);
  mem.writeUInt32LE(data.arch, 4);
  (data.args ?? []).forEach((a, i) => mem.writeBigUInt64LE(BigInt.asUintN(64, BigInt(a)), 16 + 8 * i));
  let acc = 0;
  for (let pc = 0; pc < program.length / 8;) {
    const code = program.readUInt16LE(pc * 8);
    const jt = program.readUInt8(pc * 8 + 2);
    const jf = program.readUInt8(pc * 8 + 3);
    const k = program.readUInt32LE(pc * 8 + 4);
    switch (code) {
      case 0x20:
        acc = mem.readUInt32LE(k);
        pc += 1;
        break;
      case 0x54:
        acc = (acc & k) >>> 0;
        pc += 1;
        break;
      case 0x15:
        pc += 1 + (acc === k ? jt : jf);
        break;
      case 0x35:
        pc += 1 + (acc >= k ? jt : jf);
        break;
      case 0x45:
        pc += 1 + ((acc & k) !== 0 ? jt : jf);
        break;
      case 0x06:
        return k;
      default:
        throw new Error(`unknown opcode ${code}`);
    }
  }
  throw new Error('fell off the end of the program');
}

const cases: [SeccompArch, number][] = [
  [ARCHES.x86_64, 0],
  [ARCHES.aarch64, 63],
];

describe.each(cases)('the seccomp filter on %s', (arch, readNr) => {
  const program = compileSeccompFilter(arch);
  const call = (name: keyof typeof arch.numbers, args: number[] = []): number =>
    run(program, { nr: arch.numbers[name]!, arch: arch.audit, args });

  it('allows ordinary calls (read)', () => {
    expect(run(program, { nr: readNr, arch: arch.audit })).toBe(SECCOMP_RET_ALLOW);
  });

  it.each(REFUSED.filter((n) => arch.numbers[n] !== undefined))('refuses %s with EPERM', (name) => {
    expect(call(name)).toBe(RET_EPERM);
  });

  it('refuses clone and unshare with any namespace flag, and allows threads and forks', () => {
    const CLONE_THREAD_FLAGS = 0x3d0f00;
    const SIGCHLD = 17;
    expect(call('clone', [CLONE_THREAD_FLAGS])).toBe(SECCOMP_RET_ALLOW);
    expect(call('clone', [SIGCHLD])).toBe(SECCOMP_RET_ALLOW);
    for (let bit = 0; bit < 32; bit++) {
      const flag = 2 ** bit;
      if (!(CLONE_NAMESPACES & flag)) continue;
      expect(call('clone', [SIGCHLD | flag])).toBe(RET_EPERM);
      expect(call('unshare', [flag])).toBe(RET_EPERM);
    }
    // unshare(CLONE_FILES | CLONE_FS) creates no namespace.
    expect(call('unshare', [0x400 | 0x200])).toBe(SECCOMP_RET_ALLOW);
  });

  it('answers clone3 with ENOSYS, so libc falls back to clone', () => {
    expect(call('clone3')).toBe(RET_ENOSYS);
  });

  it('refuses device nodes but allows FIFOs', () => {
    const chr = 0o020000 | 0o600;
    const blk = 0o060000 | 0o600;
    const fifo = 0o010000 | 0o600;
    expect(call('mknodat', [-100, 0, chr])).toBe(RET_EPERM);
    expect(call('mknodat', [-100, 0, blk])).toBe(RET_EPERM);
    expect(call('mknodat', [-100, 0, fifo])).toBe(SECCOMP_RET_ALLOW);
    if (arch.numbers.mknod !== undefined) {
      expect(call('mknod', [0, blk])).toBe(RET_EPERM);
      expect(call('mknod', [0, fifo])).toBe(SECCOMP_RET_ALLOW);
    }
  });

  it("refuses every call of another architecture's ABI", () => {
    expect(run(program, { nr: readNr, arch: 0x40000003 })).toBe(RET_EPERM);
  });
});

describe('x86_64 specifics', () => {
  it('refuses x32 syscall numbers, which would bypass the table', () => {
    const program = compileSeccompFilter(ARCHES.x86_64);
    expect(run(program, { nr: 0x40000000 + 165, arch: ARCHES.x86_64.audit })).toBe(RET_EPERM);
  });
});
