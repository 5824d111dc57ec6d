import { REFUSED, type SeccompArch, type SyscallName } from './seccomp-syscalls.js';

/**
 * The sandbox's seccomp filter as a classic BPF program, the format bubblewrap's `--seccomp FD`
 * loads (an array of `struct sock_filter`). A deny list: every syscall is allowed except those
 * a container runtime refuses, so node, python and any `provided` binary run as they do on Lambda.
 * Written here rather than through libseccomp: the program is ~80 instructions, npm has no
 * maintained binding, and a Python or C toolchain at start-up would be a dependency for a table.
 */

// Classic BPF opcodes (linux/filter.h).
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const AND_K = 0x54;
const RET_K = 0x06;

export const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO = 0x00050000;
const EPERM = 1;
const ENOSYS = 38;
export const RET_EPERM = SECCOMP_RET_ERRNO | EPERM;
export const RET_ENOSYS = SECCOMP_RET_ERRNO | ENOSYS;

/** `struct seccomp_data`: nr, arch, instruction pointer, then six 64-bit arguments. */
const NR = 0;
const ARCH = 4;
/** The low 32 bits of argument `i` (both architectures are little-endian). */
const argLow = (i: number): number => 16 + 8 * i;

/** Every namespace flag of clone/unshare: CLONE_NEWTIME, NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET. */
export const CLONE_NAMESPACES =
  0x80 | 0x20000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;
const S_IFMT = 0o170000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;

type Label = 'allow' | 'eperm' | 'enosys' | 'clone' | 'mknod' | 'mknodat';
type Op =
  | { kind: 'load'; offset: number }
  | { kind: 'and'; mask: number }
  | { kind: 'jump'; code: number; k: number; yes: Label | 'next'; no: Label | 'next' }
  | { kind: 'ret'; value: number }
  | { kind: 'label'; name: Label };

function program(arch: SeccompArch): Op[] {
  const nr = (name: SyscallName): number | undefined => arch.numbers[name];
  const ops: Op[] = [
    { kind: 'load', offset: ARCH },
    // Another architecture's calls (32-bit x86 through int 0x80) have other numbers: refuse them all.
    { kind: 'jump', code: JEQ_K, k: arch.audit, yes: 'next', no: 'eperm' },
    { kind: 'load', offset: NR },
  ];
  if (arch.foreignAbiFrom !== undefined)
    ops.push({ kind: 'jump', code: JGE_K, k: arch.foreignAbiFrom, yes: 'eperm', no: 'next' });
  for (const name of REFUSED) {
    const n = nr(name);
    if (n !== undefined) ops.push({ kind: 'jump', code: JEQ_K, k: n, yes: 'eperm', no: 'next' });
  }
  const branch = (name: SyscallName, to: Label): void => {
    const n = nr(name);
    if (n !== undefined) ops.push({ kind: 'jump', code: JEQ_K, k: n, yes: to, no: 'next' });
  };
  branch('clone', 'clone');
  branch('unshare', 'clone');
  branch('mknod', 'mknod');
  branch('mknodat', 'mknodat');
  // clone3's flags live in a struct the filter cannot read: ENOSYS makes libc fall back to clone.
  branch('clone3', 'enosys');
  ops.push({ kind: 'ret', value: SECCOMP_RET_ALLOW });
  // clone(flags, ...) and unshare(flags): no new namespace of any kind.
  ops.push(
    { kind: 'label', name: 'clone' },
    { kind: 'load', offset: argLow(0) },
    { kind: 'jump', code: JSET_K, k: CLONE_NAMESPACES, yes: 'eperm', no: 'allow' },
  );
  // Device nodes only: FIFOs and sockets (mkfifo) stay allowed.
  for (const [label, arg] of [
    ['mknod', 1],
    ['mknodat', 2],
  ] as const) {
    ops.push(
      { kind: 'label', name: label },
      { kind: 'load', offset: argLow(arg) },
      { kind: 'and', mask: S_IFMT },
      { kind: 'jump', code: JEQ_K, k: S_IFCHR, yes: 'eperm', no: 'next' },
      { kind: 'jump', code: JEQ_K, k: S_IFBLK, yes: 'eperm', no: 'allow' },
    );
  }
  // Classic BPF only jumps forward: the verdicts come last.
  ops.push({ kind: 'label', name: 'allow' }, { kind: 'ret', value: SECCOMP_RET_ALLOW });
  ops.push({ kind: 'label', name: 'eperm' }, { kind: 'ret', value: RET_EPERM });
  ops.push({ kind: 'label', name: 'enosys' }, { kind: 'ret', value: RET_ENOSYS });
  return ops;
}

/** Assembles the program: labels resolved to forward jump offsets, 8 bytes per instruction. */
export function compileSeccompFilter(arch: SeccompArch): Buffer {
  const ops = program(arch);
  const at = new Map<Label, number>();
  let index = 0;
  for (const op of ops) {
    if (op.kind === 'label') at.set(op.name, index);
    else index += 1;
  }
  const out = Buffer.alloc(index * 8);
  index = 0;
  const offset = (to: Label | 'next'): number => {
    if (to === 'next') return 0;
    const d = at.get(to)! - index - 1;
    if (d < 0 || d > 255) throw new Error(`seccomp: jump to ${to} out of range (${d})`);
    return d;
  };
  for (const op of ops) {
    if (op.kind === 'label') continue;
    const pos = index * 8;
    switch (op.kind) {
      case 'load':
        out.writeUInt16LE(LD_W_ABS, pos);
        out.writeUInt32LE(op.offset, pos + 4);
        break;
      case 'and':
        out.writeUInt16LE(AND_K, pos);
        out.writeUInt32LE(op.mask, pos + 4);
        break;
      case 'jump':
        out.writeUInt16LE(op.code, pos);
        out.writeUInt8(offset(op.yes), pos + 2);
        out.writeUInt8(offset(op.no), pos + 3);
        out.writeUInt32LE(op.k >>> 0, pos + 4);
        break;
      case 'ret':
        out.writeUInt16LE(RET_K, pos);
        out.writeUInt32LE(op.value >>> 0, pos + 4);
        break;
    }
    index += 1;
  }
  return out;
}
