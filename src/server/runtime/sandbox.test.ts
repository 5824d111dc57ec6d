import { describe, expect, it } from 'vitest';
import { bwrapArguments, Sandbox } from './sandbox.js';

const spec = {
  command: ['/usr/bin/node', '/var/runtime/node/bootstrap.mjs'],
  env: { A: '1' },
  codeDir: '/data/code/abc',
  tmpDir: '/tmp/gradual-env-1/x',
  mounts: [{ host: '/src/bootstraps/node', inside: '/var/runtime/node' }],
  cgroupProcs: '/sys/fs/cgroup/memory/g/e/cgroup.procs',
};

function pairs(args: string[], flag: string): string[][] {
  const out: string[][] = [];
  args.forEach((a, i) => {
    if (a === flag) out.push(args.slice(i + 1, i + 3));
  });
  return out;
}

describe('the bubblewrap sandbox', () => {
  const args = bwrapArguments(spec, ['--symlink', 'usr/bin', '/bin']);

  it('shows the code read-only at /var/task and a private writable /tmp', () => {
    expect(pairs(args, '--ro-bind')).toContainEqual(['/data/code/abc', '/var/task']);
    expect(pairs(args, '--bind')).toEqual([['/tmp/gradual-env-1/x', '/tmp']]);
    expect(args.slice(args.indexOf('--chdir'), args.indexOf('--chdir') + 2)).toEqual([
      '--chdir',
      '/var/task',
    ]);
  });

  it('binds nothing writable but /tmp, and nothing of the data dir but the code', () => {
    const sources = [...pairs(args, '--ro-bind'), ...pairs(args, '--bind')].map(([host]) => host);
    expect(sources.filter((s) => s!.startsWith('/data'))).toEqual(['/data/code/abc']);
    expect(sources).not.toContain('/');
  });

  it('dies with the server and gets its own pid namespace', () => {
    expect(args).toContain('--die-with-parent');
    expect(args).toContain('--unshare-pid');
    expect(args.slice(args.indexOf('--') + 1)).toEqual(spec.command);
  });

  it('launches through a shell that joins the cgroup first', () => {
    const sandbox = Sandbox.detect('process');
    const launch = sandbox.command(spec);
    expect(launch.file).toBe('/bin/sh');
    expect(launch.args[1]).toContain('echo $$ > "$1"');
    expect(launch.args[3]).toBe(spec.cgroupProcs);
    expect(launch.args.slice(-2)).toEqual(spec.command);
    expect(launch.env).toEqual({ A: '1' });
    expect(launch.cwd).toBe('/data/code/abc');
  });
});
