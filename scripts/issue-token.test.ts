/** The token CLI: a seeded user by id alone, explicit roles for anyone else, exit 2 on bad input. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEV_JWT_SECRET } from './config';
import { seedUsers } from './seed';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/issue-token.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, AUTH_JWT_SECRET: '' } });

describe('issue-token', () => {
  it('issues a token for a seeded user looked up by id', async () => {
    const r = run('--user', 'tp01');
    expect(r.status).toBe(0);
    const { payload } = await jwtVerify(r.stdout.trim(), new TextEncoder().encode(DEV_JWT_SECRET));
    expect(payload).toMatchObject({ sub: 'tp01', roles: ['officer'], departments: ['UBND-XA-TU-PHAP'] });
  });

  it('takes explicit roles and departments, and refuses unknown roles', async () => {
    const r = run('--user', 'x1', '--roles', 'officer,head', '--departments', 'PHONG-DKKD');
    const { payload } = await jwtVerify(r.stdout.trim(), new TextEncoder().encode(DEV_JWT_SECRET));
    expect(payload).toMatchObject({ sub: 'x1', roles: ['officer', 'head'], departments: ['PHONG-DKKD'] });
    expect(run('--user', 'x1', '--roles', 'king').status).toBe(2);
    expect(run('--user', 'nobody').status).toBe(2);
  });

  it('seeds every role, a head for each department and unique ids', () => {
    const ids = seedUsers.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const role of ['reception', 'officer', 'head', 'supervisor', 'auditor', 'admin']) {
      expect(seedUsers.some((u) => u.roles.includes(role as never)), role).toBe(true);
    }
    const officerDepts = new Set(seedUsers.filter((u) => u.roles.includes('officer')).flatMap((u) => u.departments));
    const headDepts = new Set(seedUsers.filter((u) => u.roles.includes('head')).flatMap((u) => u.departments));
    for (const d of officerDepts) expect(headDepts.has(d), d).toBe(true);
  });
});
