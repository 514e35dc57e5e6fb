/**
 * Cấp giấy phép xây dựng nhà ở riêng lẻ (construction permit for a house), national code 1.009994, as handled until
 * 30/06/2026: 15 days (Construction Law 2014 art. 102, as amended), counted as working days as provincial processes
 * do. Kept while dossiers received before 01/07/2026 are open (Decree 217/2026/NĐ-CP art. 74.19: they finish under
 * the old rules).
 */
import { procedure, workingDays } from '../define';

export default procedure({
  code: '1.009994',
  name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
  version: 1,
  effectiveFrom: '2025-07-01',
  rulePack: '2025',
  level: 'commune',
  sector: 'Hoạt động xây dựng',
  onlineLevel: 'mot-phan',
  leadAgency: 'PHONG-KINH-TE-HA-TANG',
  legalBasis: [{ document: 'Luật Xây dựng 2014 (sửa đổi 2020)', article: 'Điều 102' }, { document: 'Nghị định 175/2024/NĐ-CP' }],
  channels: ['counter', 'online', 'postal'],
  requiredPapers: [
    { code: 'DON-DE-NGHI', name: 'Đơn đề nghị cấp giấy phép xây dựng' },
    { code: 'GCN-QSDD', name: 'Bản sao giấy tờ chứng minh quyền sử dụng đất' },
    { code: 'BAN-VE', name: 'Bản vẽ thiết kế xây dựng', copies: 2 },
  ],
  fees: [
    {
      kind: 'fixed',
      code: 'LE-PHI-GPXD',
      name: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ',
      type: 'le-phi',
      due: 'result',
      amountVnd: 75_000,
      basis: { document: 'Thông tư 85/2019/TT-BTC', article: 'Điều 5', note: 'mức thu do Hội đồng nhân dân tỉnh quyết định' },
    },
  ],
  duration: { unit: 'working-days', amount: 15 },
  stages: [
    {
      steps: [
        {
          id: 'tham-dinh-ho-so',
          name: 'Thẩm định hồ sơ, kiểm tra thực địa',
          department: 'PHONG-KINH-TE-HA-TANG',
          shareHours: workingDays(7),
          decisions: ['approve', 'request-supplement', 'refuse'],
        },
      ],
    },
    {
      steps: [
        { id: 'y-kien-pccc', name: 'Ý kiến về phòng cháy chữa cháy', department: 'CANH-SAT-PCCC', shareHours: workingDays(3), decisions: ['approve', 'return'] },
        { id: 'y-kien-quy-hoach', name: 'Ý kiến về quy hoạch', department: 'PHONG-QUY-HOACH', shareHours: workingDays(3), decisions: ['approve', 'return'] },
      ],
    },
    {
      steps: [
        { id: 'phe-duyet', name: 'Lãnh đạo ký giấy phép', department: 'PHONG-KINH-TE-HA-TANG', role: 'head', shareHours: workingDays(2), decisions: ['approve', 'return', 'refuse'] },
      ],
    },
  ],
});
