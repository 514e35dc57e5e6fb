/**
 * Đăng ký thành lập doanh nghiệp tư nhân (private enterprise registration), national code 2.001610: 3 working days
 * from a valid dossier (Law on Enterprises 2020 art. 26.5; Decree 01/2021/NĐ-CP art. 33.1). Every change the office
 * asks for goes in one notice (art. 33.2) and the period counts from the valid dossier, so supplementation restarts
 * the clock.
 */
import { procedure, workingDays } from '../define';

export default procedure({
  code: '2.001610',
  name: 'Đăng ký thành lập doanh nghiệp tư nhân',
  version: 1,
  effectiveFrom: '2025-07-01',
  rulePack: '2025',
  level: 'province',
  sector: 'Thành lập và hoạt động của doanh nghiệp',
  onlineLevel: 'toan-trinh',
  leadAgency: 'PHONG-DKKD',
  legalBasis: [
    { document: 'Luật Doanh nghiệp 2020', article: 'Điều 26' },
    { document: 'Nghị định 01/2021/NĐ-CP', article: 'Điều 33' },
  ],
  channels: ['counter', 'online', 'postal'],
  requiredPapers: [
    { code: 'GIAY-DE-NGHI', name: 'Giấy đề nghị đăng ký doanh nghiệp' },
    { code: 'CCCD-CHU-DN', name: 'Bản sao giấy tờ pháp lý của chủ doanh nghiệp tư nhân' },
  ],
  fees: [
    {
      kind: 'fixed',
      code: 'LE-PHI-DKDN',
      name: 'Lệ phí đăng ký doanh nghiệp',
      type: 'le-phi',
      due: 'result',
      amountVnd: 50_000,
      basis: { document: 'Thông tư 47/2019/TT-BTC', note: 'mức thu theo biểu phí, lệ phí kèm theo' },
    },
  ],
  duration: { unit: 'working-days', amount: 3 },
  supplement: { clock: 'restart', maxRequests: 1, basis: { document: 'Nghị định 01/2021/NĐ-CP', article: 'Điều 33 khoản 1, 2' } },
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
