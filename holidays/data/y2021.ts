/** Official civil-service schedule 2021 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2021,
  "status": "official",
  "rulePack": "LC2019",
  "sources": [
    {
      "id": "vpcp-9895-2020",
      "issuer": "Văn phòng Chính phủ",
      "number": "9895/VPCP-KGVX",
      "date": "2020-11-26",
      "title": "Ý kiến Thủ tướng Chính phủ về nghỉ Tết Âm lịch Tân Sửu và Quốc khánh năm 2021 của cán bộ, công chức, viên chức và người lao động (Tết: 10/02 - 16/02/2021; Quốc khánh: 02/9 - 05/9/2021)",
      "verified": true,
      "note": "Đã đối chiếu toàn văn (số hiệu, ngày 26/11/2020, hai khoảng nghỉ) trên thuvienphapluat.vn (Official Dispatch 9895/VPCP-KGVX 2020)."
    }
  ],
  "days": [
    {
      "date": "2021-01-01",
      "kind": "holiday",
      "occasion": "Tết Dương lịch",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2021-02-10",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-9895-2020",
      "confirmed": true
    },
    {
      "date": "2021-02-11",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-9895-2020",
      "confirmed": true
    },
    {
      "date": "2021-02-12",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-9895-2020",
      "confirmed": true
    },
    {
      "date": "2021-02-15",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-9895-2020",
      "confirmed": true,
      "note": "Nghỉ bù mùng 2 Tết (thứ Bảy 13/02)."
    },
    {
      "date": "2021-02-16",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-9895-2020",
      "confirmed": true,
      "note": "Nghỉ bù mùng 3 Tết (Chủ nhật 14/02)."
    },
    {
      "date": "2021-04-21",
      "kind": "holiday",
      "occasion": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2021-04-30",
      "kind": "holiday",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2021-05-03",
      "kind": "compensatory",
      "occasion": "Ngày Quốc tế Lao động (1/5)",
      "source": "rule:LC2019-111.3",
      "confirmed": true,
      "note": "1/5/2021 rơi vào thứ Bảy."
    },
    {
      "date": "2021-09-02",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2021-09-03",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "vpcp-9895-2020",
      "confirmed": true,
      "note": "Ngày liền kề sau 2/9."
    }
  ],
  "notes": [
    "Từ 2021 áp dụng Bộ luật Lao động 2019: Quốc khánh nghỉ 2/9 và 01 ngày liền kề."
  ]
};

export default schedule;
