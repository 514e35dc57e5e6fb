/** Official civil-service schedule 2019 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2019,
  "status": "official",
  "rulePack": "LC2012",
  "sources": [
    {
      "id": "vpcp-6519-2018",
      "issuer": "Văn phòng Chính phủ",
      "number": "6519/VPCP-KGVX",
      "date": "2018-07-11",
      "title": "Ý kiến Thủ tướng Chính phủ về nghỉ lễ, tết năm 2019 đối với cán bộ, công chức, viên chức (Tết Dương lịch: nghỉ 31/12/2018, làm bù thứ Bảy 05/01/2019; Tết Âm lịch: 04/02 - 08/02/2019; 30/4 - 1/5: nghỉ thứ Hai 29/4, làm bù thứ Bảy 04/5/2019)",
      "verified": true,
      "note": "Đã đối chiếu toàn văn công văn (số hiệu, ngày 11/7/2018, nội dung ba dịp nghỉ) trên thuvienphapluat.vn (Official Dispatch 6519/VPCP-KGVX 2018) và phapluatcongdong.vn; luatvietnam.vn đưa tin cùng số và ngày. Bộ LĐTBXH thông báo lại bằng văn bản 3238/TB-LĐTBXH (theo baonghean.vn, 11/9/2018); ngày ban hành của thông báo này chưa đối chiếu được."
    }
  ],
  "days": [
    {
      "date": "2018-12-31",
      "kind": "swap-off",
      "occasion": "Tết Dương lịch",
      "source": "vpcp-6519-2018",
      "confirmed": true,
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
      "source": "vpcp-6519-2018",
      "confirmed": true,
      "swapWith": "2018-12-31"
    },
    {
      "date": "2019-02-04",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-6519-2018",
      "confirmed": true
    },
    {
      "date": "2019-02-05",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-6519-2018",
      "confirmed": true
    },
    {
      "date": "2019-02-06",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-6519-2018",
      "confirmed": true
    },
    {
      "date": "2019-02-07",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-6519-2018",
      "confirmed": true
    },
    {
      "date": "2019-02-08",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-6519-2018",
      "confirmed": true
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
      "source": "vpcp-6519-2018",
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
      "source": "vpcp-6519-2018",
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
    "Bộ luật Lao động 2012: Quốc khánh nghỉ 01 ngày (2/9)."
  ]
};

export default schedule;
