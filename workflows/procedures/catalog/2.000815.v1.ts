/**
 * Chứng thực bản sao từ bản chính (certified copy from the original), national code 2.000815.
 * Same day; a request received after 15:00 is returned the next working day (Decree 23/2015/NĐ-CP art. 7.1).
 * Fee per page (Circular 226/2016/TT-BTC art. 4.1): 2,000 đ for pages 1–2, 1,000 đ from page 3, at most 200,000 đ
 * per copy, counted on the original's pages; paid when filing.
 */
import { procedure } from '../define';

export default procedure({
  code: '2.000815',
  name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
  version: 1,
  effectiveFrom: '2025-07-01',
  rulePack: '2025',
  level: 'commune',
  sector: 'Chứng thực',
  // The original must be shown, so the request is made in person.
  onlineLevel: 'mot-phan',
  leadAgency: 'UBND-XA-TU-PHAP',
  legalBasis: [
    { document: 'Nghị định 23/2015/NĐ-CP', article: 'Điều 7, Điều 20, Điều 21' },
    { document: 'Thông tư 226/2016/TT-BTC', article: 'Điều 4 khoản 1' },
  ],
  channels: ['counter', 'online'],
  requiredPapers: [
    { code: 'BAN-CHINH', name: 'Bản chính giấy tờ, văn bản cần chứng thực' },
    { code: 'BAN-SAO', name: 'Bản sao cần chứng thực' },
  ],
  fees: [
    {
      kind: 'per-page',
      code: 'PHI-CHUNG-THUC-BAN-SAO',
      name: 'Phí chứng thực bản sao từ bản chính',
      type: 'phi',
      due: 'filing',
      tiers: [
        { fromPage: 1, vndPerPage: 2_000 },
        { fromPage: 3, vndPerPage: 1_000 },
      ],
      capPerCopyVnd: 200_000,
      basis: { document: 'Thông tư 226/2016/TT-BTC', article: 'Điều 4 khoản 1' },
    },
  ],
  duration: { unit: 'same-day', amount: 1 },
  stages: [{ steps: [{ id: 'chung-thuc', name: 'Chứng thực bản sao', department: 'UBND-XA-TU-PHAP', shareHours: 4 }] }],
});
