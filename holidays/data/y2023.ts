/** Official civil-service schedule 2023 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2023,
  "status": "official",
  "rulePack": "LC2019",
  "sources": [
    {
      "id": "tet-2023",
      "issuer": "Văn phòng Chính phủ",
      "number": null,
      "date": null,
      "title": "Ý kiến Phó Thủ tướng Vũ Đức Đam đồng ý lịch nghỉ Tết Âm lịch Quý Mão 2023 (20/01 - 26/01/2023)",
      "verified": false,
      "note": "Số hiệu/ngày văn bản chưa đối chiếu được với bản gốc; các ngày nghỉ được nhiều nguồn báo chí chính thống đưa tin thống nhất."
    },
    {
      "id": "natday-2023",
      "issuer": "Bộ Lao động - Thương binh và Xã hội",
      "number": null,
      "date": null,
      "title": "Thông báo lịch nghỉ Quốc khánh năm 2023 (01/9 - 04/9/2023)",
      "verified": false,
      "note": "Số hiệu/ngày văn bản chưa đối chiếu được với bản gốc; các ngày nghỉ được nhiều nguồn báo chí chính thống đưa tin thống nhất."
    }
  ],
  "days": [
    {
      "date": "2023-01-02",
      "kind": "compensatory",
      "occasion": "Tết Dương lịch",
      "source": "rule:LC2019-111.3",
      "confirmed": true,
      "note": "1/1/2023 rơi vào Chủ nhật."
    },
    {
      "date": "2023-01-20",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2023",
      "confirmed": true
    },
    {
      "date": "2023-01-23",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2023",
      "confirmed": true
    },
    {
      "date": "2023-01-24",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2023",
      "confirmed": true
    },
    {
      "date": "2023-01-25",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2023",
      "confirmed": true,
      "note": "Nghỉ bù 30 Tết (thứ Bảy 21/01)."
    },
    {
      "date": "2023-01-26",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2023",
      "confirmed": true,
      "note": "Nghỉ bù mùng 1 Tết (Chủ nhật 22/01)."
    },
    {
      "date": "2023-05-01",
      "kind": "holiday",
      "occasion": "Ngày Quốc tế Lao động (1/5)",
      "source": "rule:LC2019-112",
      "confirmed": true
    },
    {
      "date": "2023-05-02",
      "kind": "compensatory",
      "occasion": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
      "source": "rule:LC2019-111.3",
      "confirmed": true,
      "note": "Giỗ Tổ rơi vào thứ Bảy 29/4/2023."
    },
    {
      "date": "2023-05-03",
      "kind": "compensatory",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "rule:LC2019-111.3",
      "confirmed": true,
      "note": "30/4/2023 rơi vào Chủ nhật."
    },
    {
      "date": "2023-09-01",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "natday-2023",
      "confirmed": false,
      "note": "Ngày liền kề trước 2/9."
    },
    {
      "date": "2023-09-04",
      "kind": "compensatory",
      "occasion": "Quốc khánh (2/9)",
      "source": "rule:LC2019-111.3",
      "confirmed": true,
      "note": "2/9/2023 rơi vào thứ Bảy."
    }
  ],
  "notes": ["Ngày liền kề Quốc khánh 2023 (thứ Sáu 01/9) chưa đối chiếu được với văn bản gốc; 04/9 là nghỉ bù theo khoản 3 Điều 111."]
};

export default schedule;
