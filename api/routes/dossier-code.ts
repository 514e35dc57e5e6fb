import { z } from 'zod';

/** Dossier code `<agency>-<yyMMdd>-<nnnn>` as it appears in paths and bodies. */
export const dossierCodeSchema = z.string().trim().regex(/^[0-9A-Z.]+-\d{6}-\d{4,}$/, 'mã hồ sơ dạng <cơ quan>-yyMMdd-nnnn');
