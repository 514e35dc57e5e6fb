/**
 * Prints a bearer token signed with the configured secret (AUTH_JWT_SECRET, or the dev secret).
 *   npm run -s token -- --user tp01                       (a user from scripts/seed.ts)
 *   npm run -s token -- --user x1 --roles officer,head --departments UBND-XA-TU-PHAP [--name "…"] [--ttl 8h]
 *   npm run -s token -- --list                            (the seeded users)
 */
import { parseArgs } from 'node:util';
import { issueToken } from '../api/auth';
import type { Role } from '../workflows/shared/dossier';
import { ConfigError, loadConfig } from './config';
import { findSeedUser, seedUsers } from './seed';

const ROLES: Role[] = ['reception', 'officer', 'head', 'supervisor', 'auditor', 'admin'];

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        user: { type: 'string' },
        roles: { type: 'string' },
        departments: { type: 'string' },
        name: { type: 'string' },
        ttl: { type: 'string', default: '8h' },
        list: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    fail(`Tham số không hợp lệ (invalid arguments): ${(err as Error).message}`);
  }
  if (values.list) {
    for (const u of seedUsers) process.stdout.write(`${u.id.padEnd(14)} ${u.roles.join(',').padEnd(18)} ${u.departments.join(',').padEnd(24)} ${u.name}\n`);
    return;
  }
  if (!values.user) fail('Thiếu --user (missing --user); xem --list');
  const seeded = findSeedUser(values.user);
  const split = (s?: string) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
  const roles = split(values.roles) ?? seeded?.roles;
  if (!roles?.length) fail(`Không có người dùng ${values.user} trong dữ liệu mẫu; cần --roles (unknown user: pass --roles)`);
  const bad = roles.filter((r) => !ROLES.includes(r as Role));
  if (bad.length) fail(`Vai trò không hợp lệ: ${bad.join(', ')} (roles: ${ROLES.join(', ')})`);
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  if (config.auth.usingDevSecret) process.stderr.write('Cảnh báo: dùng khóa JWT phát triển (dev secret)\n');
  const token = await issueToken(
    config.auth.jwtSecret,
    {
      id: values.user,
      name: values.name ?? seeded?.name,
      roles: roles as Role[],
      departments: split(values.departments) ?? seeded?.departments ?? [],
    },
    values.ttl,
  );
  process.stdout.write(`${token}\n`);
}

await main();
