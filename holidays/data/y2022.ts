/** Official civil-service schedule 2022 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2022,
  "status": "official",
  "rulePack": "LC2019",
  "sources": [
    {
      "id": "tet-2022",
      "issuer": "Văn phòng Chính phủ",
      "number": "245/VPCP-KGVX",
      "date": "2022-01-11",
      "title": "Ý kiến Phó Thủ tướng về lịch nghỉ Tết Âm lịch Nhâm Dần 2022 (5 ngày, 31/01 - 04/02/2022)",
      "verified": true
    },
    {
      "id": "natday-2022",
      "issuer": "Bộ Lao động - Thương binh và Xã hội",
      "number": null,
      "date": null,
      "title": "Thông báo lịch nghỉ Quốc khánh năm 2022 (01/9 - 04/9/2022)",
      "verified": false,
      "note": "Số hiệu/ngày văn bản chưa đối chiếu được với bản gốc; các ngày nghỉ được nhiều nguồn báo chí chính thống đưa tin thống nhất."
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
      "source": "tet-2022",
      "confirmed": true
    },
    {
      "date": "2022-02-01",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2022",
      "confirmed": true
    },
    {
      "date": "2022-02-02",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2022",
      "confirmed": true
    },
    {
      "date": "2022-02-03",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2022",
      "confirmed": true
    },
    {
      "date": "2022-02-04",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2022",
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
      "source": "natday-2022",
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
