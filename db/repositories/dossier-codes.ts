/**
 * Dossier codes `<agency>-<yyMMdd>-<nnnn>` (e.g. 000.00.19.H26-230512-0001): the sequence resets daily per agency
 * and is allocated atomically in Postgres, so concurrent receptions never share a code.
 */
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../client';
import { clock } from '../../activities/clock';

export const VIETNAM_ZONE = 'Asia/Ho_Chi_Minh';

export async function allocateDossierCode(db: Db, agencyCode: string, at: Date = clock.now()): Promise<string> {
  const local = DateTime.fromJSDate(at, { zone: VIETNAM_ZONE });
  const day = local.toISODate()!;
  const rows = await db.execute<{ last_value: number }>(sql`
    insert into dossier_code_sequences (agency_code, day, last_value)
    values (${agencyCode}, ${day}, 1)
    on conflict (agency_code, day) do update set last_value = dossier_code_sequences.last_value + 1
    returning last_value`);
  const n = Number(rows[0].last_value);
  // Four digits as the format asks; a centre receiving more than 9 999 dossiers a day simply gets five.
  return `${agencyCode}-${local.toFormat('yyMMdd')}-${String(n).padStart(4, '0')}`;
}
