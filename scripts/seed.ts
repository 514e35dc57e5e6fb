/**
 * A realistic centre for local use: departments from the seeded procedures, officers and a head per department,
 * reception officers, a supervisor, an auditor and an admin. `npm run -s token -- --user <id>` issues their tokens.
 */
import { listDepartments } from '../api/departments';
import type { Role } from '../workflows/shared/dossier';

export interface SeedUser {
  id: string;
  name: string;
  roles: Role[];
  departments: string[];
}

/** Short, stable user-id prefixes per department code. */
const PREFIX: Record<string, string> = {
  'MOT-CUA': 'tn',
  'PHONG-DKKD': 'dkkd',
  'UBND-XA-HO-TICH': 'ht',
  'UBND-XA-TU-PHAP': 'tp',
  'CONG-AN-XA': 'ca',
  'BHXH-KHU-VUC': 'bhxh',
  'PHONG-KINH-TE-HA-TANG': 'kt',
  'CANH-SAT-PCCC': 'pccc',
  'PHONG-QUY-HOACH': 'qh',
  'VPDK-DAT-DAI': 'vpdk',
  'THUE-CO-SO': 'thue',
};
const prefixOf = (dept: string) => PREFIX[dept] ?? dept.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, 6);

const OFFICER_NAMES = ['Nguyễn Văn An', 'Trần Thị Bích', 'Lê Minh Châu', 'Phạm Quốc Dũng', 'Hoàng Thị Giang', 'Vũ Đức Hải'];
const HEAD_NAMES = ['Đỗ Thanh Hà', 'Bùi Văn Hùng', 'Ngô Thị Lan', 'Đặng Quang Minh', 'Dương Thị Ngọc', 'Lý Văn Phúc'];

function buildUsers(): SeedUser[] {
  const users: SeedUser[] = [];
  const departments = listDepartments().filter((d) => d.code !== 'MOT-CUA');
  departments.forEach((d, i) => {
    const p = prefixOf(d.code);
    users.push({ id: `${p}01`, name: OFFICER_NAMES[i % OFFICER_NAMES.length]!, roles: ['officer'], departments: [d.code] });
    users.push({ id: `${p}02`, name: OFFICER_NAMES[(i + 3) % OFFICER_NAMES.length]!, roles: ['officer'], departments: [d.code] });
    users.push({ id: `${p}-lead`, name: HEAD_NAMES[i % HEAD_NAMES.length]!, roles: ['head'], departments: [d.code] });
  });
  users.push(
    { id: 'tn01', name: 'Mai Thị Thu', roles: ['reception'], departments: ['MOT-CUA'] },
    { id: 'tn02', name: 'Trịnh Văn Tâm', roles: ['reception'], departments: ['MOT-CUA'] },
    { id: 'tn-lead', name: 'Cao Thị Hồng', roles: ['reception', 'head'], departments: ['MOT-CUA'] },
    { id: 'gs01', name: 'Phan Văn Sơn', roles: ['supervisor'], departments: [] },
    { id: 'tt01', name: 'Lâm Thị Tuyết', roles: ['auditor'], departments: [] },
    { id: 'qt01', name: 'Kiều Văn Quang', roles: ['admin'], departments: [] },
  );
  return users;
}

export const seedUsers: readonly SeedUser[] = buildUsers();

export function findSeedUser(id: string): SeedUser | undefined {
  return seedUsers.find((u) => u.id === id);
}
