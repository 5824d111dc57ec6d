/**
 * Who a function runs as. Inside the sandbox it is Lambda's `sbx_user1051` (uid 993); on the host
 * that user namespace maps it to uid/gid 1051, an unprivileged id no Debian package allocates,
 * which owns nothing on the host but the environments' own /tmp. When gradual is not root it
 * cannot change ids, and the function maps to gradual's own (still without any capability).
 */
export const SANDBOX_USER = { name: 'sbx_user1051', uid: 993, gid: 990 } as const;
export const HOST_ID = { uid: 1051, gid: 1051 } as const;

/** `/etc/passwd` and `/etc/group` as the sandbox sees them: root and the function's user only. */
export function sandboxPasswd(): string {
  return [
    'root:x:0:0:root:/root:/sbin/nologin',
    `${SANDBOX_USER.name}:x:${SANDBOX_USER.uid}:${SANDBOX_USER.gid}::/home/${SANDBOX_USER.name}:/sbin/nologin`,
    'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin',
    '',
  ].join('\n');
}

export function sandboxGroup(): string {
  return ['root:x:0:', `${SANDBOX_USER.name}:x:${SANDBOX_USER.gid}:`, 'nobody:x:65534:', ''].join('\n');
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}
