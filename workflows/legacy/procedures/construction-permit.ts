/**
 * Cấp giấy phép xây dựng nhà ở riêng lẻ (construction permit for a house): 15 days (Law on Construction art. 102,
 * as amended), counted here as working days as provincial processes do; may be extended with written notice.
 * Code [U: verify in the national procedure database].
 */
import { defineProcedure, workingDays } from '../procedure-definition';

export default defineProcedure({
  code: '1.009994',
  name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
  version: 1,
  rulePack: '2025',
  level: 'commune',
  channels: ['counter', 'online', 'postal'],
  requiredPapers: [
    { code: 'DON-DE-NGHI', name: 'Đơn đề nghị cấp giấy phép xây dựng' },
    { code: 'GCN-QSDD', name: 'Bản sao giấy tờ chứng minh quyền sử dụng đất' },
    { code: 'BAN-VE', name: 'Bản vẽ thiết kế xây dựng', copies: 2 },
  ],
  fees: [{ code: 'LE-PHI-GPXD', name: 'Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ', amountVnd: 75_000 }],
  duration: { unit: 'working-days', amount: 15 },
  receptionShareHours: workingDays(1),
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
        {
          id: 'y-kien-pccc',
          name: 'Ý kiến về phòng cháy chữa cháy',
          department: 'CANH-SAT-PCCC',
          shareHours: workingDays(3),
          decisions: ['approve', 'return'],
        },
        {
          id: 'y-kien-quy-hoach',
          name: 'Ý kiến về quy hoạch',
          department: 'PHONG-QUY-HOACH',
          shareHours: workingDays(3),
          decisions: ['approve', 'return'],
        },
      ],
    },
    {
      steps: [
        {
          id: 'phe-duyet',
          name: 'Lãnh đạo ký giấy phép',
          department: 'PHONG-KINH-TE-HA-TANG',
          role: 'head',
          shareHours: workingDays(2),
          decisions: ['approve', 'return', 'refuse'],
        },
      ],
    },
  ],
});
