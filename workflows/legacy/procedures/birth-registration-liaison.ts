/**
 * Liên thông đăng ký khai sinh – đăng ký thường trú – cấp thẻ BHYT cho trẻ em dưới 6 tuổi (Decree 63/2024/NĐ-CP;
 * Decision 296/QĐ-VPCP, 2024): at most 3 working days in all. Civil status first (same working day), then police
 * (permanent residence) and social insurance (health-insurance card) in parallel. Code [U: group procedure].
 */
import { defineProcedure, workingDays } from '../procedure-definition';

export default defineProcedure({
  code: '1.001193',
  name: 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
  version: 1,
  rulePack: '2025',
  level: 'commune',
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
        {
          id: 'dang-ky-thuong-tru',
          name: 'Đăng ký thường trú',
          department: 'CONG-AN-XA',
          shareHours: workingDays(2),
          decisions: ['approve', 'return', 'refuse'],
        },
        {
          id: 'cap-the-bhyt',
          name: 'Cấp thẻ bảo hiểm y tế',
          department: 'BHXH-KHU-VUC',
          shareHours: workingDays(2),
          decisions: ['approve', 'return'],
        },
      ],
    },
  ],
});
