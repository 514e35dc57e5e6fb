/** Official civil-service schedule 2022 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2022,
  "status": "official",
  "rulePack": "LC2019",
  "sources": [
    {
      "id": "vpcp-245-2022",
      "issuer": "Văn phòng Chính phủ",
      "number": "245/VPCP-KGVX",
      "date": "2022-01-11",
      "title": "Ý kiến Phó Thủ tướng Vũ Đức Đam về nghỉ Tết Âm lịch Nhâm Dần và Quốc khánh năm 2022 (Tết: 31/01 - 04/02/2022; Quốc khánh: 01/9 - 02/9/2022)",
      "verified": true,
      "note": "Số hiệu, ngày 11/01/2022 và cả hai khoảng nghỉ đối chiếu trên english.luatvietnam.vn (Official Dispatch 245/VPCP-KGVX) và vietlawonline.com; vntrip.vn đưa tin cùng nội dung. Ngày liền kề Quốc khánh 2022 (01/9) do chính công văn này ấn định, không có văn bản riêng."
    }
  ],
  "days": [
    {
      "date": "2022-01-03",
      "kind": "compensatory",
      "occasion": "Tết Dương lịch",
      "source": "rule:LC2019-111.3",
      "confirmed": true,
      "note": "1/1/2022 rơi vào thứ Bảy."
    },
    {
      "date": "2022-01-31",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-245-2022",
      "confirmed": true
    },
    {
      "date": "2022-02-01",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-245-2022",
      "confirmed": true
    },
    {
      "date": "2022-02-02",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-245-2022",
      "confirmed": true
    },
    {
      "date": "2022-02-03",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-245-2022",
      "confirmed": true
    },
    {
      "date": "2022-02-04",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-245-2022",
      "confirmed": true
    },
    {
      "date": "2022-04-11",
      "kind": "compensatory",
      "occasion": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
      "source": "rule:LC2019-111.3",
      "confirmed": true,
      "note": "Giỗ Tổ rơi vào Chủ nhật 10/4/2022."
    },
    {
      "date": "2022-05-02",
      "kind": "compensatory",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "rule:LC2019-111.3",
      "confirmed": true,
      "note": "30/4/2022 rơi vào thứ Bảy."
    },
    {
      "date": "2022-05-03",
      "kind": "compensatory",
      "occasion": "Ngày Quốc tế Lao động (1/5)",
      "source": "rule:LC2019-111.3",
      "confirmed": true,
      "note": "1/5/2022 rơi vào Chủ nhật."
    },
    {
      "date": "2022-09-01",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "vpcp-245-2022",
      "confirmed": true,
      "note": "Ngày liền kề trước 2/9."
    },
    {
      "date": "2022-09-02",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "rule:LC2019-112",
      "confirmed": true
    }
  ],
  "notes": []
};

export default schedule;
