/** Official civil-service schedule 2019 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2019,
  "status": "official",
  "rulePack": "LC2012",
  "sources": [
    {
      "id": "tet-2019",
      "issuer": "Bộ Lao động - Thương binh và Xã hội",
      "number": null,
      "date": null,
      "title": "Thông báo lịch nghỉ Tết Âm lịch Kỷ Hợi và Quốc khánh năm 2019 (theo ý kiến của Thủ tướng Chính phủ)",
      "verified": false,
      "note": "Số hiệu/ngày văn bản chưa đối chiếu được với bản gốc; các ngày nghỉ được nhiều nguồn báo chí chính thống đưa tin thống nhất."
    },
    {
      "id": "newyear-2019",
      "issuer": "Văn phòng Chính phủ",
      "number": null,
      "date": null,
      "title": "Ý kiến Thủ tướng Chính phủ về hoán đổi ngày làm việc dịp Tết Dương lịch 2019 (nghỉ 31/12/2018, làm bù thứ Bảy 05/01/2019)",
      "verified": false,
      "note": "Số hiệu/ngày văn bản chưa đối chiếu được với bản gốc; các ngày nghỉ được nhiều nguồn báo chí chính thống đưa tin thống nhất."
    },
    {
      "id": "may-2019",
      "issuer": "Văn phòng Chính phủ",
      "number": null,
      "date": null,
      "title": "Ý kiến Thủ tướng Chính phủ về hoán đổi ngày làm việc dịp 30/4 - 1/5/2019 (nghỉ thứ Hai 29/4, làm bù thứ Bảy 04/5)",
      "verified": false,
      "note": "Số hiệu/ngày văn bản chưa đối chiếu được với bản gốc; các ngày nghỉ được nhiều nguồn báo chí chính thống đưa tin thống nhất."
    }
  ],
  "days": [
    {
      "date": "2018-12-31",
      "kind": "swap-off",
      "occasion": "Tết Dương lịch",
      "source": "newyear-2019",
      "confirmed": false,
      "swapWith": "2019-01-05",
      "note": "Hoán đổi vượt năm: nghỉ thứ Hai 31/12/2018."
    },
    {
      "date": "2019-01-01",
      "kind": "holiday",
      "occasion": "Tết Dương lịch",
      "source": "rule:LC2012-115",
      "confirmed": true
    },
    {
      "date": "2019-01-05",
      "kind": "swap-work",
      "occasion": "Tết Dương lịch",
      "source": "newyear-2019",
      "confirmed": false,
      "swapWith": "2018-12-31"
    },
    {
      "date": "2019-02-04",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2019",
      "confirmed": false
    },
    {
      "date": "2019-02-05",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2019",
      "confirmed": false
    },
    {
      "date": "2019-02-06",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2019",
      "confirmed": false
    },
    {
      "date": "2019-02-07",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2019",
      "confirmed": false
    },
    {
      "date": "2019-02-08",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "tet-2019",
      "confirmed": false
    },
    {
      "date": "2019-04-15",
      "kind": "compensatory",
      "occasion": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
      "source": "rule:LC2012-115.3",
      "confirmed": true,
      "note": "Giỗ Tổ (10/3 âm lịch) rơi vào Chủ nhật 14/4/2019."
    },
    {
      "date": "2019-04-29",
      "kind": "swap-off",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "may-2019",
      "confirmed": true,
      "swapWith": "2019-05-04"
    },
    {
      "date": "2019-04-30",
      "kind": "holiday",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "rule:LC2012-115",
      "confirmed": true
    },
    {
      "date": "2019-05-01",
      "kind": "holiday",
      "occasion": "Ngày Quốc tế Lao động (1/5)",
      "source": "rule:LC2012-115",
      "confirmed": true
    },
    {
      "date": "2019-05-04",
      "kind": "swap-work",
      "occasion": "Ngày Chiến thắng (30/4)",
      "source": "may-2019",
      "confirmed": true,
      "swapWith": "2019-04-29"
    },
    {
      "date": "2019-09-02",
      "kind": "holiday",
      "occasion": "Quốc khánh (2/9)",
      "source": "rule:LC2012-115",
      "confirmed": true
    }
  ],
  "notes": [
    "Bộ luật Lao động 2012: Quốc khánh nghỉ 01 ngày (2/9).", "Chưa xác nhận qua nguồn tra cứu được: hoán đổi Tết Dương lịch 2019 (nghỉ 31/12/2018, làm bù 05/01/2019) và các ngày nghỉ Tết Kỷ Hợi 04/02 - 08/02/2019; ghi theo thông tin phổ biến, cần đối chiếu văn bản gốc."
  ]
};

export default schedule;
