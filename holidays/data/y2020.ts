/** Official civil-service schedule 2020 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2020,
  "status": "official",
  "rulePack": "LC2012",
  "sources": [
    {
      "id": "vpcp-9087-2019",
      "issuer": "Văn phòng Chính phủ",
      "number": "9087/VPCP-KGVX",
      "date": "2019-10-07",
      "title": "Ý kiến Thủ tướng Chính phủ về nghỉ Tết Âm lịch Canh Tý năm 2020 của cán bộ, công chức, viên chức và người lao động (nghỉ từ thứ Năm 23/01 đến hết thứ Tư 29/01/2020)",
      "verified": true,
      "note": "Đã đối chiếu toàn văn (số hiệu, ngày 07/10/2019, khoảng nghỉ 23/01 - 29/01/2020) trên bản đăng tại vbpl.ts24.com.vn (Công văn 9087/VPCP-KGVX); bacninhtv.vn ngày 08/10/2019 đưa tin cùng nội dung. Thông báo thực hiện của Bộ LĐTBXH được báo chí nêu là số 4544, ký ngày 25/10/2019 (tinbong247news.net), chưa đối chiếu bản gốc."
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
      "source": "vpcp-9087-2019",
      "confirmed": true
    },
    {
      "date": "2020-01-24",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-9087-2019",
      "confirmed": true
    },
    {
      "date": "2020-01-27",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-9087-2019",
      "confirmed": true
    },
    {
      "date": "2020-01-28",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-9087-2019",
      "confirmed": true,
      "note": "Nghỉ bù mùng 1 Tết (thứ Bảy 25/01)."
    },
    {
      "date": "2020-01-29",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-9087-2019",
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
