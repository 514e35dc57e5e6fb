/**
 * Chứng thực bản sao từ bản chính (certified copy from the original), national code 2.000815.
 * Same day; a dossier received after 15:00 is returned the next working day.
 */
import { defineProcedure } from '../procedure-definition';

export default defineProcedure({
  code: '2.000815',
  name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
  version: 1,
  rulePack: '2025',
  level: 'commune',
  channels: ['counter', 'online'],
  requiredPapers: [
    { code: 'BAN-CHINH', name: 'Bản chính giấy tờ, văn bản cần chứng thực' },
    { code: 'BAN-SAO', name: 'Bản sao cần chứng thực' },
  ],
  fees: [{ code: 'LE-PHI-CHUNG-THUC', name: 'Lệ phí chứng thực bản sao (2.000 đồng/trang)', amountVnd: 2000 }],
  duration: { unit: 'same-day', amount: 1 },
  stages: [{ steps: [{ id: 'chung-thuc', name: 'Chứng thực bản sao', department: 'UBND-XA-TU-PHAP', shareHours: 4 }] }],
});
