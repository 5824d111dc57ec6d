import { describe, expect, it } from 'vitest';
import { isolationBanner, isolationWarnings, type Isolation } from './isolation.js';
import { mountsUnder } from './tmp-root.js';
import { searchableByOthers } from './path-stage.js';
import { imageBytes } from './tmp-volumes.js';

const full: Isolation = {
  sandbox: 'bwrap',
  asked: 'auto',
  network: 'private',
  tmp: 'sized',
  memory: true,
  pids: true,
};

describe('what start-up says about isolation', () => {
  it('says nothing when every protection holds', () => {
    expect(isolationWarnings(full)).toEqual([]);
    expect(isolationBanner(full)).toEqual([]);
  });

  it('names each missing protection once, with why', () => {
    const warnings = isolationWarnings({
      ...full,
      network: { shared: 'slirp4netns not installed' },
      tmp: { unsized: 'gradual is not running as root' },
      pids: false,
    });
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain("share the host's network namespace (slirp4netns not installed)");
    expect(warnings[1]).toContain('/tmp is not limited to EphemeralStorage (gradual is not running as root)');
    expect(warnings[2]).toContain('no writable pids cgroup');
  });

  it('states what --sandbox process gives up, in the banner', () => {
    const banner = isolationBanner({ ...full, sandbox: 'process' }).join('\n');
    expect(banner).toContain("plain processes with the server's own user");
    expect(banner).toContain('the data dir included');
    expect(banner).toContain('no seccomp filter');
    expect(isolationWarnings({ ...full, sandbox: 'process' })[0]).toContain(
      'bubblewrap (bwrap) is not available',
    );
  });

  it('says --sandbox process as asked, not as bubblewrap missing', () => {
    const asked = { ...full, sandbox: 'process', asked: 'process' } as const;
    expect(isolationBanner(asked).join('\n')).toContain(
      '!!! --sandbox process: functions run as plain processes',
    );
    expect(isolationBanner(asked).join('\n')).not.toContain('bubblewrap');
    expect(isolationWarnings(asked)[0]).toMatch(/^--sandbox process: /);
  });
});

describe('the helpers behind it', () => {
  it('finds the mounts under a tmp root, deepest first', () => {
    const info = [
      '36 25 0:32 / /tmp/gradual-env-1-a/volumes/x rw - ext4 /dev/loop0 rw',
      '37 25 0:33 / /tmp/gradual-env-1-a/sandbox/stage/0 ro - ext4 /dev/vda rw',
      '38 25 0:34 / /tmp/gradual-env-1-ab/volumes/y rw - ext4 /dev/loop1 rw',
      '39 25 0:35 / /tmp/gradual-env-1-a/volumes/x/inner rw - tmpfs none rw',
    ].join('\n');
    const mounts = mountsUnder('/tmp/gradual-env-1-a', info);
    expect([...mounts].sort()).toEqual([
      '/tmp/gradual-env-1-a/sandbox/stage/0',
      '/tmp/gradual-env-1-a/volumes/x',
      '/tmp/gradual-env-1-a/volumes/x/inner',
    ]);
    // A mount inside another comes off first.
    expect(mounts.indexOf('/tmp/gradual-env-1-a/volumes/x/inner')).toBeLessThan(
      mounts.indexOf('/tmp/gradual-env-1-a/volumes/x'),
    );
  });

  it('tells a path others can reach from one behind an owner-only folder', () => {
    const modes: Record<string, number> = { '/': 0o755, '/root': 0o700, '/root/app': 0o755, '/work': 0o755 };
    const stat = (p: string) => ({ mode: modes[p] ?? 0o755 });
    expect(searchableByOthers('/work/app', stat)).toBe(true);
    expect(searchableByOthers('/root/app', stat)).toBe(false);
  });

  it('sizes a volume image so the file system holds what the function asked for', () => {
    expect(imageBytes(512)).toBeGreaterThan(512 * 1024 * 1024);
    expect(imageBytes(10240)).toBeLessThan(10240 * 1.05 * 1024 * 1024 + 8 * 1024 * 1024);
  });
});
