/**
 * Liên thông đăng ký khai sinh – đăng ký thường trú – cấp thẻ BHYT cho trẻ em dưới 6 tuổi (the birth registration
 * liaison, Decree 63/2024/NĐ-CP; announced by Decision 296/QĐ-VPCP of 12/6/2024): at most 3 working days in all.
 * Civil status first, then police (permanent residence) and social insurance (health-insurance card) in parallel.
 * Code 2.000986 as the national portal's liaison forms use it [P: some provinces list 3.000722 for the variant with
 * the ID card; check the national database]. Not 1.001193, which is plain birth registration.
 */
import { procedure, workingDays } from '../define';

export default procedure({
  code: '2.000986',
  name: 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
  version: 1,
  effectiveFrom: '2025-07-01',
  rulePack: '2025',
  level: 'commune',
  sector: 'Hộ tịch',
  onlineLevel: 'toan-trinh',
  leadAgency: 'UBND-XA-HO-TICH',
  legalBasis: [
    { document: 'Nghị định 63/2024/NĐ-CP', note: 'liên thông thủ tục hành chính nhóm "đăng ký khai sinh, thường trú, BHYT"' },
    { document: 'Quyết định 296/QĐ-VPCP', note: 'ngày 12/6/2024' },
  ],
  channels: ['counter', 'online'],
  requiredPapers: [
    { code: 'TO-KHAI-KS', name: 'Tờ khai đăng ký khai sinh' },
    { code: 'GIAY-CHUNG-SINH', name: 'Giấy chứng sinh' },
    { code: 'TO-KHAI-BHYT', name: 'Tờ khai tham gia bảo hiểm y tế' },
  ],
  duration: { unit: 'working-days', amount: 3 },
  stages: [
    {
      steps: [
        {
          id: 'dang-ky-khai-sinh',
          name: 'Đăng ký khai sinh',
          department: 'UBND-XA-HO-TICH',
          shareHours: workingDays(1),
          decisions: ['approve', 'request-supplement', 'refuse'],
        },
      ],
    },
    {
      steps: [
        { id: 'dang-ky-thuong-tru', name: 'Đăng ký thường trú', department: 'CONG-AN-XA', shareHours: workingDays(2), decisions: ['approve', 'return', 'refuse'] },
        { id: 'cap-the-bhyt', name: 'Cấp thẻ bảo hiểm y tế', department: 'BHXH-KHU-VUC', shareHours: workingDays(2), decisions: ['approve', 'return'] },
      ],
    },
  ],
});
