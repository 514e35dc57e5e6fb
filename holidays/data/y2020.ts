/** Official civil-service schedule 2020 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2020,
  "status": "official",
  "rulePack": "LC2012",
  "sources": [
    {
      "id": "tet-2020",
      "issuer": "Bộ Lao động - Thương binh và Xã hội",
      "number": null,
      "date": null,
      "title": "Thông báo lịch nghỉ Tết Âm lịch Canh Tý năm 2020 (nghỉ từ 23/01 đến hết 29/01/2020)",
      "verified": false,
      "note": "Số hiệu/ngày văn bản chưa đối chiếu được với bản gốc; các ngày nghỉ được nhiều nguồn báo chí chính thống đưa tin thống nhất."
    }
  ],
  "days": [
    {
      "date": "2020-01-01",
      "kind": "holiday",
      "occasion": "Tết Dương lịch",
      "source": "rule:LC2012-115",
      "confirmed": true
    },
    {
      "date": "2020-01-23",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2020",
      "confirmed": true
    },
    {
      "date": "2020-01-24",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2020",
      "confirmed": true
    },
    {
      "date": "2020-01-27",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2020",
      "confirmed": true
    },
    {
      "date": "2020-01-28",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2020",
      "confirmed": true,
      "note": "Nghỉ bù mùng 1 Tết (thứ Bảy 25/01)."
    },
    {
      "date": "2020-01-29",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2020",
      "confirmed": true,
      "note": "Nghỉ bù mùng 2 Tết (Chủ nhật 26/01)."
    },
    {
      "date": "2020-04-02",
      "kind": "holiday",
      "occasion": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
      "source": "rule:LC2012-115",
      "confirmed": true
    },
    {
      "date": "2020-04-30",
      "kind": "holiday",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "rule:LC2012-115",
      "confirmed": true
    },
    {
      "date": "2020-05-01",
      "kind": "holiday",
      "occasion": "Ngày Quốc tế Lao động (1/5)",
      "source": "rule:LC2012-115",
      "confirmed": true
    },
    {
      "date": "2020-09-02",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "rule:LC2012-115",
      "confirmed": true
    }
  ],
  "notes": []
};

export default schedule;
