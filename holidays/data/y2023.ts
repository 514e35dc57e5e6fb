/** Official civil-service schedule 2023 (cán bộ, công chức, viên chức). Sources listed below; unverified numbers say so. */
import type { YearScheduleInput } from '../schema';

const schedule: YearScheduleInput = {
  "year": 2023,
  "status": "official",
  "rulePack": "LC2019",
  "sources": [
    {
      "id": "vpcp-8056-2022",
      "issuer": "Văn phòng Chính phủ",
      "number": "8056/VPCP-KGVX",
      "date": "2022-12-01",
      "title": "Ý kiến Phó Thủ tướng Vũ Đức Đam về nghỉ Tết Âm lịch Quý Mão và nghỉ lễ Quốc khánh năm 2023 (Tết: 20/01 - 26/01/2023; Quốc khánh: 01/9 - 04/9/2023)",
      "verified": true,
      "note": "Đã đối chiếu toàn văn (số hiệu, ngày 01/12/2022, hai khoảng nghỉ) trên thuvienphapluat.vn (Công văn 8056/VPCP-KGVX 2022 nghỉ Tết Âm lịch và nghỉ lễ Quốc khánh 2023); truyenhinhnghean.vn đưa tin cùng số và ngày."
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
      "source": "vpcp-8056-2022",
      "confirmed": true
    },
    {
      "date": "2023-01-23",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-8056-2022",
      "confirmed": true
    },
    {
      "date": "2023-01-24",
      "kind": "holiday",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-8056-2022",
      "confirmed": true
    },
    {
      "date": "2023-01-25",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-8056-2022",
      "confirmed": true,
      "note": "Nghỉ bù 30 Tết (thứ Bảy 21/01)."
    },
    {
      "date": "2023-01-26",
      "kind": "compensatory",
      "occasion": "Tết Nguyên đán (Tết Âm lịch)",
      "source": "vpcp-8056-2022",
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
      "source": "vpcp-8056-2022",
      "confirmed": true,
      "note": "Ngày liền kề trước 2/9; công văn 8056/VPCP-KGVX ấn định nghỉ Quốc khánh từ 01/9 đến hết 04/9/2023."
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
  "notes": ["Quốc khánh 2023: 2/9 rơi vào thứ Bảy; ngày liền kề là thứ Sáu 01/9, nghỉ bù thứ Hai 04/9 theo khoản 3 Điều 111."]
};

export default schedule;
