/**
 * Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (exchanging a land-use
 * certificate), national code 1.012783 [P: provincial lists based on Decision 2304/QĐ-BNNMT]: at most 5 working
 * days; 10 working days in the case of Decree 151/2025/NĐ-CP appendix I, part C, section VII.1 point h. The land
 * registration office checks the file, the tax authority sets any financial obligation, then the office updates the
 * register and issues the new certificate. (Reissuing a lost certificate is 1.012786.)
 */
import { procedure, workingDays } from '../define';

export default procedure({
  code: '1.012783',
  name: 'Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
  version: 1,
  effectiveFrom: '2025-07-01',
  rulePack: '2025',
  level: 'province',
  sector: 'Đất đai',
  onlineLevel: 'mot-phan',
  leadAgency: 'VPDK-DAT-DAI',
  legalBasis: [
    { document: 'Luật Đất đai 2024' },
    { document: 'Nghị định 101/2024/NĐ-CP' },
    { document: 'Nghị định 151/2025/NĐ-CP', article: 'Phụ lục I, Phần C, Mục VII.1' },
  ],
  channels: ['counter', 'online', 'postal'],
  requiredPapers: [
    { code: 'DON-DANG-KY', name: 'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất' },
    { code: 'GCN-GOC', name: 'Bản gốc Giấy chứng nhận đã cấp' },
  ],
  fees: [
    {
      kind: 'fixed',
      code: 'LE-PHI-GCN',
      name: 'Lệ phí cấp Giấy chứng nhận',
      type: 'le-phi',
      due: 'result',
      amountVnd: 100_000,
      basis: { document: 'Thông tư 85/2019/TT-BTC', article: 'Điều 5', note: 'mức thu do Hội đồng nhân dân tỉnh quyết định' },
    },
  ],
  duration: { unit: 'working-days', amount: 5 },
  cases: [
    { id: 'chung', name: 'Cấp đổi thông thường (điểm a–e, g)' },
    {
      id: 'diem-h',
      name: 'Cấp đổi theo điểm h (đo đạc lại, thay đổi ranh giới)',
      duration: { unit: 'working-days', amount: 10 },
      basis: { document: 'Nghị định 151/2025/NĐ-CP', article: 'Phụ lục I, Phần C, Mục VII.1 điểm h' },
    },
  ],
  stages: [
    {
      steps: [
        {
          id: 'tham-tra-ho-so',
          name: 'Thẩm tra hồ sơ, trích lục thửa đất',
          department: 'VPDK-DAT-DAI',
          shareHours: workingDays(2),
          decisions: ['approve', 'request-supplement', 'refuse'],
        },
      ],
    },
    { steps: [{ id: 'xac-dinh-nghia-vu-tai-chinh', name: 'Xác định nghĩa vụ tài chính', department: 'THUE-CO-SO', shareHours: workingDays(1), decisions: ['approve', 'return'] }] },
    {
      steps: [
        { id: 'cap-giay-chung-nhan', name: 'Cập nhật hồ sơ địa chính, cấp Giấy chứng nhận', department: 'VPDK-DAT-DAI', shareHours: workingDays(2), decisions: ['approve', 'return'] },
      ],
    },
  ],
});
