/** Official civil-service schedule 2025 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2025,
  "status": "official",
  "rulePack": "LC2019",
  "sources": [
    {
      "id": "vpcp-8726-2024",
      "issuer": "Văn phòng Chính phủ",
      "number": "8726/VPCP-KGVX",
      "date": "2024-11-26",
      "title": "Ý kiến Thủ tướng Chính phủ về nghỉ Tết Âm lịch và một số dịp nghỉ lễ trong năm 2025",
      "verified": true
    },
    {
      "id": "tb-6150-2024",
      "issuer": "Bộ Lao động - Thương binh và Xã hội",
      "number": "6150/TB-LĐTBXH",
      "date": null,
      "title": "Thông báo nghỉ Tết Âm lịch, Quốc khánh, 30/4 và 1/5 năm 2025",
      "verified": false,
      "note": "Số hiệu thấy trong nguồn thứ cấp; ngày ban hành (11/2024) chưa đối chiếu."
    }
  ],
  "days": [
    {
      "date": "2025-01-01",
      "kind": "holiday",
      "occasion": "Tết Dương lịch",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2025-01-27",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-8726-2024",
      "confirmed": true
    },
    {
      "date": "2025-01-28",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-8726-2024",
      "confirmed": true
    },
    {
      "date": "2025-01-29",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-8726-2024",
      "confirmed": true
    },
    {
      "date": "2025-01-30",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-8726-2024",
      "confirmed": true
    },
    {
      "date": "2025-01-31",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-8726-2024",
      "confirmed": true
    },
    {
      "date": "2025-04-07",
      "kind": "holiday",
      "occasion": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2025-04-26",
      "kind": "swap-work",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "vpcp-8726-2024",
      "confirmed": true,
      "swapWith": "2025-05-02"
    },
    {
      "date": "2025-04-30",
      "kind": "holiday",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2025-05-01",
      "kind": "holiday",
      "occasion": "Ngày Quốc tế Lao động (1/5)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2025-05-02",
      "kind": "swap-off",
      "occasion": "Ngày Quốc tế Lao động (1/5)",
      "source": "vpcp-8726-2024",
      "confirmed": true,
      "swapWith": "2025-04-26"
    },
    {
      "date": "2025-09-01",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "vpcp-8726-2024",
      "confirmed": true,
      "note": "Ngày liền kề trước 2/9."
    },
    {
      "date": "2025-09-02",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "rule:LC2019-112",
      "confirmed": true
    }
  ],
  "notes": [
    "Từ 01/3/2025 Bộ LĐTBXH hợp nhất vào Bộ Nội vụ; các thông báo nghỉ lễ sau đó do Bộ Nội vụ ban hành."
  ]
};

export default schedule;
