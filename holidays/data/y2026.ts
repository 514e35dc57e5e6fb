/** Official civil-service schedule 2026 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2026,
  "status": "official",
  "rulePack": "LC2019",
  "sources": [
    {
      "id": "vpcp-12729-2025",
      "issuer": "Văn phòng Chính phủ",
      "number": "12729/VPCP-KGVX",
      "date": "2025-12-25",
      "title": "Ý kiến Phó Thủ tướng về nghỉ Tết Dương lịch 2026 (hoán đổi thứ Sáu 02/01 sang thứ Bảy 10/01/2026)",
      "verified": true
    },
    {
      "id": "vpcp-tet-2026",
      "issuer": "Văn phòng Chính phủ",
      "number": null,
      "date": null,
      "title": "Ý kiến Thủ tướng Chính phủ về nghỉ Tết Âm lịch và Quốc khánh năm 2026 (đề xuất của Bộ Nội vụ), công bố khoảng 10/2025",
      "verified": false,
      "note": "Chưa đối chiếu được bản gốc. Một nguồn báo chí (phapluatmedia.vn, bài 'Thủ tướng chốt phương án nghỉ Tết Âm lịch và Quốc khánh năm 2026') nêu số 9859/VPCP-KGVX ngày 13/10/2025, trả lời đề xuất 8764/BNV-CVL ngày 01/10/2025 của Bộ Nội vụ; vietbao.vn nêu Bộ Nội vụ thông báo lại bằng văn bản số 9441 ngày 16/10/2025. Nội dung (Tết 14/02 - 22/02, trong đó nghỉ chính thức thứ Hai 16/02 - thứ Sáu 20/02; Quốc khánh 29/8 - 02/9 với hoán đổi thứ Hai 31/8 sang thứ Bảy 22/8) khớp với tienphong.vn và kienthuc.net.vn ngày 13/10/2025. Số hiệu/ngày để trống cho đến khi xem được văn bản."
    }
  ],
  "days": [
    {
      "date": "2026-01-01",
      "kind": "holiday",
      "occasion": "Tết Dương lịch",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2026-01-02",
      "kind": "swap-off",
      "occasion": "Tết Dương lịch",
      "source": "vpcp-12729-2025",
      "confirmed": true,
      "swapWith": "2026-01-10"
    },
    {
      "date": "2026-01-10",
      "kind": "swap-work",
      "occasion": "Tết Dương lịch",
      "source": "vpcp-12729-2025",
      "confirmed": true,
      "swapWith": "2026-01-02"
    },
    {
      "date": "2026-02-16",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-tet-2026",
      "confirmed": true
    },
    {
      "date": "2026-02-17",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-tet-2026",
      "confirmed": true
    },
    {
      "date": "2026-02-18",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-tet-2026",
      "confirmed": true
    },
    {
      "date": "2026-02-19",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-tet-2026",
      "confirmed": true
    },
    {
      "date": "2026-02-20",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-tet-2026",
      "confirmed": true
    },
    {
      "date": "2026-04-27",
      "kind": "compensatory",
      "occasion": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
      "source": "rule:LC2019-111.3",
      "confirmed": true,
      "note": "Giỗ Tổ (10/3 âm lịch) rơi vào Chủ nhật 26/4/2026."
    },
    {
      "date": "2026-04-30",
      "kind": "holiday",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2026-05-01",
      "kind": "holiday",
      "occasion": "Ngày Quốc tế Lao động (1/5)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2026-08-22",
      "kind": "swap-work",
      "occasion": "Quốc khánh (2/9)",
      "source": "vpcp-tet-2026",
      "confirmed": true,
      "swapWith": "2026-08-31"
    },
    {
      "date": "2026-08-31",
      "kind": "swap-off",
      "occasion": "Quốc khánh (2/9)",
      "source": "vpcp-tet-2026",
      "confirmed": true,
      "swapWith": "2026-08-22"
    },
    {
      "date": "2026-09-01",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "vpcp-tet-2026",
      "confirmed": true,
      "note": "Ngày liền kề trước 2/9."
    },
    {
      "date": "2026-09-02",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "rule:LC2019-112",
      "confirmed": true
    }
  ],
  "notes": [
    "Đề xuất lấy 24/11 làm ngày nghỉ (Ngày Văn hóa Việt Nam) chưa được luật hóa; không đưa vào lịch.",
    "Giỗ Tổ 2026: nghỉ bù theo khoản 3 Điều 111 Bộ luật Lao động, không cần văn bản riêng."
  ]
};

export default schedule;
