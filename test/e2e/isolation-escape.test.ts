import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip } from '../../src/common/zip-writer.js';
import { createFunction, invokeFunction } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 12, attack 1: a function that tries to become the host's root. On main it ran with every
 * capability of root (`CapEff 000001fffeffffff`), made a block device node for the host's disk,
 * mounted it and read the data dir. Each step must now fail, and the process must be an
 * unprivileged user on the host. Run as root (as CI is), this is the real attack.
 */
const ESCAPE = `
import ctypes, errno, json, os, platform, stat

libc = ctypes.CDLL(None, use_errno=True)
X86 = platform.machine() == "x86_64"

def outcome(result):
    return "ok" if result >= 0 else errno.errorcode.get(ctypes.get_errno(), str(ctypes.get_errno()))

def attempt(fn):
    try:
        fn()
        return "ok"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))

def syscall(x86, arm, *args):
    return outcome(libc.syscall(x86 if X86 else arm, *args))

def status():
    fields = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields

def handler(event, context):
    s = status()
    return {
        "uid": os.getuid(),
        "user": [l.split(":")[0] for l in open("/etc/passwd") if l.split(":")[2] == str(os.getuid())],
        "capEff": s["CapEff"],
        "capPrm": s["CapPrm"],
        "noNewPrivs": s["NoNewPrivs"],
        "seccomp": s["Seccomp"],
        "mknodBlock": attempt(lambda: os.mknod("/tmp/disk", 0o600 | stat.S_IFBLK, os.makedev(254, 0))),
        "mknodChar": attempt(lambda: os.mknod("/tmp/mem", 0o600 | stat.S_IFCHR, os.makedev(1, 1))),
        "mkfifo": attempt(lambda: os.mkfifo("/tmp/fifo-" + context.aws_request_id)),
        "mount": outcome(libc.mount(b"/dev/vda", b"/tmp", b"ext4", 0, None)),
        "mountTmpfs": outcome(libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)),
        "umount": outcome(libc.umount2(b"/var/task", 2)),
        "unshareUser": outcome(libc.unshare(0x10000000)),
        "unshareNet": outcome(libc.unshare(0x40000000)),
        "unshareMount": outcome(libc.unshare(0x00020000)),
        "ptrace": outcome(libc.ptrace(16, 1, 0, 0)),
        "keyctl": syscall(250, 219, 0, 0, 0, 0),
        "addKey": syscall(248, 217, b"user", b"k", b"v", 1, -1),
        "bpf": syscall(321, 280, 0, 0, 0),
        "initModule": syscall(175, 105, 0, 0, b""),
        "setns": syscall(308, 268, 0, 0),
        "pivotRoot": syscall(155, 41, b"/tmp", b"/tmp"),
        "reboot": syscall(169, 142, 0xfee1dead, 672274793, 0x4321fedc, 0),
        "perfEventOpen": syscall(298, 241, 0, 0, -1, -1, 0),
        "userfaultfd": syscall(323, 282, 0),
        "setuidRoot": attempt(lambda: os.setuid(0)),
        "chownToRoot": attempt(lambda: (open("/tmp/mine", "w").close(), os.chown("/tmp/mine", 0, 0))),
        "sysrq": attempt(lambda: open("/proc/sysrq-trigger", "w").write("h")),
        "coreDump": attempt(lambda: open("/proc/sys/kernel/core_pattern", "w").write("|/tmp/x")),
        "hostDisk": attempt(lambda: open("/dev/vda", "rb")),
        "hostHome": attempt(lambda: os.listdir("/home")),
        "hostState": attempt(lambda: os.listdir("/var/lib")),
        "shadow": attempt(lambda: open("/etc/shadow").read()),
        "processes": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
    }
`;

let t: TestServer;
const mark = randomUUID();

beforeAll(async () => {
  t = await startTestServer();
  await createFunction(t.lambda, {
    FunctionName: 'escape',
    Runtime: 'python3.12',
    Handler: 'app.handler',
    zip: await buildZip({ 'app.py': ESCAPE }),
    Environment: { Variables: { MARK: mark } },
    Timeout: 30,
  });
});

afterAll(async () => {
  await t?.dispose();
});

/** Host pids of processes carrying the mark in their environment. */
function marked(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(`MARK=${mark}\0`))
        out.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

const root = process.getuid?.() === 0;

describe.skipIf(process.platform !== 'linux')(
  'a function trying to escape to the host (issue 12, attack 1)',
  () => {
    it('is bubblewrap here', () => {
      expect(t.server.runtime.sandbox).toBe('bwrap');
    });

    it('runs as sbx_user1051 with no capability, no new privileges and the seccomp filter', async () => {
      const r = await invokeFunction(t.lambda, { FunctionName: 'escape' });
      expect(r.output.FunctionError).toBeUndefined();
      const got = r.json as Record<string, unknown>;
      expect(got).toMatchObject({
        uid: 993,
        user: ['sbx_user1051'],
        capEff: '0000000000000000',
        capPrm: '0000000000000000',
        noNewPrivs: '1',
        seccomp: '2',
      });
    });

    it('cannot make device nodes, mount, enter or make namespaces, trace, load modules or reboot', async () => {
      const got = (await invokeFunction(t.lambda, { FunctionName: 'escape' })).json as Record<
        string,
        unknown
      >;
      for (const key of [
        'mknodBlock',
        'mknodChar',
        'mount',
        'mountTmpfs',
        'umount',
        'unshareUser',
        'unshareNet',
        'unshareMount',
        'ptrace',
        'keyctl',
        'addKey',
        'bpf',
        'initModule',
        'setns',
        'pivotRoot',
        'reboot',
        'perfEventOpen',
        'userfaultfd',
      ]) {
        expect([key, got[key]]).toEqual([key, 'EPERM']);
      }
      // Root is not even mapped into its user namespace.
      expect(['EPERM', 'EINVAL']).toContain(got['setuidRoot']);
      expect(['EPERM', 'EINVAL']).toContain(got['chownToRoot']);
      // A FIFO is not a device: allowed, as on Lambda.
      expect(got['mkfifo']).toBe('ok');
    });

    it("sees neither the host's disk, its root's files, nor its kernel controls", async () => {
      const got = (await invokeFunction(t.lambda, { FunctionName: 'escape' })).json as Record<
        string,
        unknown
      >;
      expect(got['hostDisk']).toBe('ENOENT');
      expect(got['hostHome']).toBe('ENOENT');
      expect(got['hostState']).toBe('ENOENT');
      expect(got['shadow']).toBe('ENOENT');
      // Absent, read-only or forbidden: any of these, never written.
      expect(['EROFS', 'EACCES', 'ENOENT']).toContain(got['sysrq']);
      expect(['EROFS', 'EACCES', 'ENOENT']).toContain(got['coreDump']);
      // Its own pid namespace: the sandbox's init and its own processes only.
      expect((got['processes'] as number[]).length).toBeLessThan(6);
    });

    it.skipIf(!root)('is an unprivileged uid on the host, with no capability there either', async () => {
      await invokeFunction(t.lambda, { FunctionName: 'escape' });
      const pids = marked();
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        expect(/^Uid:\s+(\d+)/m.exec(status)?.[1]).toBe('1051');
        expect(/^CapEff:\s+(\w+)/m.exec(status)?.[1]).toBe('0000000000000000');
      }
    });
  },
);
