/**
 * Đăng ký biến động đất đai (land registration) with the tax authority: the land registration office checks the
 * file, the tax authority sets the financial obligation, then the office updates the register and issues the
 * certificate. 10 working days within the 5–20 range the law allows for this group.
 */
import { defineProcedure, workingDays } from '../procedure-definition';

export default defineProcedure({
  code: '1.012783',
  name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất',
  version: 1,
  rulePack: '2025',
  channels: ['counter', 'online', 'postal'],
  requiredPapers: [
    { code: 'DON-DANG-KY', name: 'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất' },
    { code: 'GCN-GOC', name: 'Bản gốc Giấy chứng nhận đã cấp' },
    { code: 'HOP-DONG', name: 'Hợp đồng, văn bản về việc chuyển quyền' },
  ],
  fees: [{ code: 'LE-PHI-GCN', name: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 100_000 }],
  duration: { unit: 'working-days', amount: 10 },
  stages: [
    {
      steps: [
        {
          id: 'tham-tra-ho-so',
          name: 'Thẩm tra hồ sơ, trích lục thửa đất',
          department: 'VPDK-DAT-DAI',
          shareHours: workingDays(3),
          decisions: ['approve', 'request-supplement', 'refuse'],
        },
      ],
    },
    {
      steps: [
        {
          id: 'xac-dinh-nghia-vu-tai-chinh',
          name: 'Xác định nghĩa vụ tài chính',
          department: 'THUE-CO-SO',
          shareHours: workingDays(3),
          decisions: ['approve', 'return'],
        },
      ],
    },
    {
      steps: [
        {
          id: 'cap-giay-chung-nhan',
          name: 'Cập nhật hồ sơ địa chính, cấp Giấy chứng nhận',
          department: 'VPDK-DAT-DAI',
          shareHours: workingDays(4),
          decisions: ['approve', 'return'],
        },
      ],
    },
  ],
});
