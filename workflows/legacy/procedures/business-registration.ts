/**
 * Đăng ký thành lập doanh nghiệp tư nhân (private enterprise registration): 3 working days (Law on Enterprises
 * 2020 art. 26); the tax code is issued with the enterprise code. National code [U: verify in the national
 * procedure database before production].
 */
import { defineProcedure, workingDays } from '../procedure-definition';

export default defineProcedure({
  code: '2.001610',
  name: 'Đăng ký thành lập doanh nghiệp tư nhân',
  version: 1,
  rulePack: '2025',
  channels: ['counter', 'online', 'postal'],
  requiredPapers: [
    { code: 'GIAY-DE-NGHI', name: 'Giấy đề nghị đăng ký doanh nghiệp' },
    { code: 'CCCD-CHU-DN', name: 'Bản sao giấy tờ pháp lý của chủ doanh nghiệp tư nhân' },
  ],
  fees: [{ code: 'LE-PHI-DKDN', name: 'Lệ phí đăng ký doanh nghiệp', amountVnd: 50_000 }],
  duration: { unit: 'working-days', amount: 3 },
  stages: [
    {
      steps: [
        {
          id: 'tham-dinh-dkkd',
          name: 'Thẩm định hồ sơ, cấp mã số doanh nghiệp',
          department: 'PHONG-DKKD',
          shareHours: workingDays(3),
          decisions: ['approve', 'request-supplement', 'refuse'],
        },
      ],
    },
  ],
});
