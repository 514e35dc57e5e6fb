/**
 * Cấp giấy phép xây dựng nhà ở riêng lẻ, national code 1.009994, from 01/07/2026 (Decree 217/2026/NĐ-CP): 7 working
 * days at the commune (art. 53.1, 54.1.b). An incomplete dossier gets one request; the applicant has 2 working days to
 * supplement, and a dossier still short is refused (art. 54.2.b), so the window stops it here.
 */
import { procedure, workingDays } from '../define';
import v1 from './1.009994.v1';

export default procedure({
  ...v1,
  version: 2,
  effectiveFrom: '2026-07-01',
  legalBasis: [{ document: 'Nghị định 217/2026/NĐ-CP', article: 'Điều 53, Điều 54' }, { document: 'Luật Xây dựng 2014 (sửa đổi 2020)', article: 'Điều 102' }],
  duration: { unit: 'working-days', amount: 7 },
  supplement: {
    clock: 'restart',
    maxRequests: 1,
    window: { amount: 2, unit: 'working-days', basis: { document: 'Nghị định 217/2026/NĐ-CP', article: 'Điều 54 khoản 2 điểm b' } },
    basis: { document: 'Nghị định 217/2026/NĐ-CP', article: 'Điều 54 khoản 2' },
  },
  stages: [
    {
      steps: [
        {
          id: 'tham-dinh-ho-so',
          name: 'Thẩm định hồ sơ, kiểm tra thực địa',
          department: 'PHONG-KINH-TE-HA-TANG',
          shareHours: workingDays(3),
          decisions: ['approve', 'request-supplement', 'refuse'],
        },
      ],
    },
    {
      steps: [
        { id: 'y-kien-pccc', name: 'Ý kiến về phòng cháy chữa cháy', department: 'CANH-SAT-PCCC', shareHours: workingDays(2), decisions: ['approve', 'return'] },
        { id: 'y-kien-quy-hoach', name: 'Ý kiến về quy hoạch', department: 'PHONG-QUY-HOACH', shareHours: workingDays(2), decisions: ['approve', 'return'] },
      ],
    },
    {
      steps: [
        { id: 'phe-duyet', name: 'Lãnh đạo ký giấy phép', department: 'PHONG-KINH-TE-HA-TANG', role: 'head', shareHours: workingDays(2), decisions: ['approve', 'return', 'refuse'] },
      ],
    },
  ],
});
