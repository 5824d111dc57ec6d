import type { SandboxMode } from './sandbox.js';

/** What the sandbox can enforce on this machine, decided once at start. */
export interface Isolation {
  sandbox: SandboxMode;
  /** What `--sandbox` asked for: `process` is a choice, not a missing bubblewrap. */
  asked: 'auto' | SandboxMode;
  /** `private`: a network namespace per environment; else why environments share the host's. */
  network: 'private' | { shared: string };
  /** `sized`: /tmp is a volume of EphemeralStorage's size; else why it is a plain directory. */
  tmp: 'sized' | { unsized: string };
  /** cgroup controllers in use: memory (MemorySize) and pids (1,024 per environment). */
  memory: boolean;
  pids: boolean;
}

/** One line per protection this machine lacks, said once at start. */
export function isolationWarnings(i: Isolation): string[] {
  const out: string[] = [];
  if (i.sandbox === 'process') {
    out.push(
      i.asked === 'process'
        ? "--sandbox process: functions run as plain processes with the server's own user and see this machine, the data dir included."
        : "bubblewrap (bwrap) is not available: functions run as plain processes with the server's own user and see this machine, the data dir included. Install the bubblewrap package to sandbox them.",
    );
  } else {
    if (i.network !== 'private')
      out.push(
        `functions share the host's network namespace (${i.network.shared}): they can reach ports on its loopback, gradual's API directly, and a provided runtime's Runtime API port. Run gradual as root with slirp4netns and socat installed for a network namespace per environment.`,
      );
    if (i.tmp !== 'sized')
      out.push(`/tmp is not limited to EphemeralStorage (${i.tmp.unsized}): a function can fill the disk.`);
  }
  if (!i.memory)
    out.push("no writable memory cgroup: MemorySize is enforced by the runtimes' own heap limits");
  if (!i.pids)
    out.push('no writable pids cgroup: the number of processes a function can start is not limited');
  return out;
}

/** What the banner says about isolation: nothing when every protection holds. */
export function isolationBanner(i: Isolation): string[] {
  if (i.sandbox === 'process')
    return [
      '',
      i.asked === 'process'
        ? "!!! --sandbox process: functions run as plain processes with the server's own user. They can read"
        : "!!! bubblewrap (bwrap) is not installed or cannot run here: functions run as plain processes with the server's own user. They can read",
      '    this machine, the data dir included, and reach every port on its loopback; no user, pid or network namespace,',
      '    no seccomp filter, no /tmp size. Use it only for code you trust. !!!',
    ];
  const lines = isolationWarnings(i).map((w) => `  ${w}`);
  return lines.length ? ['', 'Sandbox (bubblewrap) limits on this machine:', ...lines] : [];
}
