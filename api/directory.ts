/** The staff directory as the API needs it: who a user is, in which departments, with which roles. */
import type { Role } from '../workflows/shared/dossier';

export interface StaffMember {
  userId: string;
  name?: string;
  roles: Role[];
  departments: string[];
}

export interface StaffDirectory {
  find(userId: string): Promise<StaffMember | undefined>;
}

/** A directory over a fixed list (the seeded centre, tests). */
export function staticDirectory(users: ReadonlyArray<{ id: string; name?: string; roles: Role[]; departments: string[] }>): StaffDirectory {
  const byId = new Map(users.map((u) => [u.id, { userId: u.id, name: u.name, roles: [...u.roles], departments: [...u.departments] }]));
  return { find: async (id) => byId.get(id) };
}
