import { describe, expect, it } from 'vitest';
import { rewrite } from './path-stage.js';
import { bwrapArguments, Sandbox, type SandboxSpec } from './sandbox.js';

const spec: SandboxSpec = {
  command: ['/usr/bin/node', '/var/runtime/node/bootstrap.mjs'],
  env: { A: '1' },
  innerEnv: { FAKETIME: '+10.000 x60' },
  codeDir: '/data/code/abc',
  tmpDir: '/tmp/gradual-env-1/volumes/x',
  mounts: [{ host: '/src/bootstraps/node', inside: '/var/runtime/node' }],
  socketDir: '/tmp/gradual-env-1/net/s1',
  netns: '/proc/42/ns/net',
  cgroupProcs: ['/sys/fs/cgroup/memory/g/e/cgroup.procs', '/sys/fs/cgroup/pids/g/e/cgroup.procs'],
};

const files = {
  dir: '/tmp/gradual-env-1/sandbox',
  seccomp: '/tmp/gradual-env-1/sandbox/seccomp.bpf',
  privateResolvConf: '/tmp/gradual-env-1/sandbox/resolv.conf',
};

function pairs(args: string[], flag: string): string[][] {
  const out: string[][] = [];
  args.forEach((a, i) => {
    if (a === flag) out.push(args.slice(i + 1, i + 3));
  });
  return out;
}

describe('the bubblewrap sandbox', () => {
  const stage = { reach: (p: string) => rewrite(p, new Map([['/data/code', '/tmp/stage/0']])) };
  const args = bwrapArguments({ spec, files, stage, seccompFd: 3 }, ['--symlink', 'usr/bin', '/bin']);

  it('shows the code read-only at /var/task and a private writable /tmp', () => {
    expect(pairs(args, '--ro-bind')).toContainEqual(['/tmp/stage/0/abc', '/var/task']);
    expect(pairs(args, '--bind')).toEqual([['/tmp/gradual-env-1/volumes/x', '/tmp']]);
    expect(args.slice(args.indexOf('--chdir'), args.indexOf('--chdir') + 2)).toEqual([
      '--chdir',
      '/var/task',
    ]);
  });

  it('binds nothing writable but /tmp, and nothing of the data dir but the code', () => {
    const sources = [...pairs(args, '--ro-bind'), ...pairs(args, '--bind')].map(([host]) => host);
    expect(sources.filter((s) => s!.startsWith('/data'))).toEqual([]);
    expect(sources).not.toContain('/');
    expect(sources).not.toContain('/etc/passwd');
  });

  it("shows the environment's Runtime API socket directory, and its own passwd and resolv.conf", () => {
    expect(pairs(args, '--ro-bind')).toContainEqual(['/tmp/gradual-env-1/net/s1', '/run/gradual']);
    expect(pairs(args, '--ro-bind')).toContainEqual([files.privateResolvConf, '/etc/resolv.conf']);
    expect(pairs(args, '--ro-bind')).toContainEqual(['/tmp/gradual-env-1/sandbox/passwd', '/etc/passwd']);
  });

  it('runs as sbx_user1051 in a user namespace, with no capabilities and the seccomp filter', () => {
    expect(args.slice(args.indexOf('--uid'), args.indexOf('--uid') + 4)).toEqual([
      '--uid',
      '993',
      '--gid',
      '990',
    ]);
    expect(args).toContain('--unshare-user');
    expect(args.slice(args.indexOf('--cap-drop'), args.indexOf('--cap-drop') + 2)).toEqual([
      '--cap-drop',
      'ALL',
    ]);
    expect(args.slice(args.indexOf('--seccomp'), args.indexOf('--seccomp') + 2)).toEqual(['--seccomp', '3']);
  });

  it('dies with the server and gets its own pid namespace', () => {
    expect(args).toContain('--die-with-parent');
    expect(args).toContain('--unshare-pid');
    expect(args.slice(args.indexOf('--') + 1)).toEqual(spec.command);
  });

  it('shares the host resolv.conf when the environment has no network namespace', () => {
    const shared = bwrapArguments({ spec: { ...spec, netns: undefined }, files, stage, seccompFd: 3 }, []);
    expect(pairs(shared, '--ro-bind')).toContainEqual(['/etc/resolv.conf', '/etc/resolv.conf']);
  });

  it('launches through a shell that joins every cgroup first', () => {
    const sandbox = Sandbox.detect('process');
    const launch = sandbox.command(spec);
    expect(launch.file).toBe('/bin/sh');
    expect(launch.args[1]).toContain('echo $$ > "$f"');
    expect(launch.args[3]).toBe(spec.cgroupProcs.join(':'));
    expect(launch.args.slice(-2)).toEqual(spec.command);
    expect(launch.env).toEqual({ A: '1', FAKETIME: '+10.000 x60' });
    expect(launch.cwd).toBe('/data/code/abc');
  });

  it("sets the function's own variables inside only: the launcher and bubblewrap never load the rehearsal clock", () => {
    expect(pairs(args, '--setenv')).toEqual([['FAKETIME', '+10.000 x60']]);
    expect(args.indexOf('--setenv')).toBeLessThan(args.indexOf('--'));
  });
});

describe('staging paths the sandbox user cannot reach', () => {
  it('rewrites a path into its deepest staged ancestor, and leaves others alone', () => {
    const staged = new Map([
      ['/root/data/code', '/tmp/s/0'],
      ['/root/data', '/tmp/s/1'],
    ]);
    expect(rewrite('/root/data/code/abc', staged)).toBe('/tmp/s/0/abc');
    expect(rewrite('/root/data/other', staged)).toBe('/tmp/s/1/other');
    expect(rewrite('/root/data-2/x', staged)).toBe('/root/data-2/x');
    expect(rewrite('/usr/lib', staged)).toBe('/usr/lib');
  });
});
