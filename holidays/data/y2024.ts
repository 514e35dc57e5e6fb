/** Official civil-service schedule 2024 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2024,
  "status": "official",
  "rulePack": "LC2019",
  "sources": [
    {
      "id": "vpcp-8662-2023",
      "issuer": "Văn phòng Chính phủ",
      "number": "8662/VPCP-KGVX",
      "date": "2023-11-03",
      "title": "Ý kiến Thủ tướng Chính phủ về nghỉ Tết Âm lịch và nghỉ lễ Quốc khánh năm 2024",
      "verified": true
    },
    {
      "id": "tb-5015-2023",
      "issuer": "Bộ Lao động - Thương binh và Xã hội",
      "number": "5015/TB-LĐTBXH",
      "date": "2023-11-22",
      "title": "Thông báo nghỉ Tết Âm lịch và nghỉ lễ Quốc khánh năm 2024",
      "verified": true
    },
    {
      "id": "vpcp-2450-2024",
      "issuer": "Văn phòng Chính phủ",
      "number": "2450/VPCP-KGVX",
      "date": "2024-04-12",
      "title": "Ý kiến Thủ tướng Chính phủ về hoán đổi ngày làm việc dịp 30/4 và 1/5/2024",
      "verified": true
    }
  ],
  "days": [
    {
      "date": "2024-01-01",
      "kind": "holiday",
      "occasion": "Tết Dương lịch",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2024-02-08",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tb-5015-2023",
      "confirmed": true
    },
    {
      "date": "2024-02-09",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tb-5015-2023",
      "confirmed": true
    },
    {
      "date": "2024-02-12",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tb-5015-2023",
      "confirmed": true
    },
    {
      "date": "2024-02-13",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tb-5015-2023",
      "confirmed": true,
      "note": "Nghỉ bù mùng 1 Tết (thứ Bảy 10/02)."
    },
    {
      "date": "2024-02-14",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tb-5015-2023",
      "confirmed": true,
      "note": "Nghỉ bù mùng 2 Tết (Chủ nhật 11/02)."
    },
    {
      "date": "2024-04-18",
      "kind": "holiday",
      "occasion": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2024-04-29",
      "kind": "swap-off",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "vpcp-2450-2024",
      "confirmed": true,
      "swapWith": "2024-05-04"
    },
    {
      "date": "2024-04-30",
      "kind": "holiday",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2024-05-01",
      "kind": "holiday",
      "occasion": "Ngày Quốc tế Lao động (1/5)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2024-05-04",
      "kind": "swap-work",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "vpcp-2450-2024",
      "confirmed": true,
      "swapWith": "2024-04-29"
    },
    {
      "date": "2024-09-02",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2024-09-03",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "tb-5015-2023",
      "confirmed": true,
      "note": "Ngày liền kề sau 2/9."
    }
  ],
  "notes": []
};

export default schedule;
