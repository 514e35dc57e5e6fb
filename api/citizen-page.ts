/**
 * The citizen lookup page (`/tra-cuu`) that the QR code on every issued document points to (`?ma=<dossier code>`).
 * Self-contained HTML: no CDN, no framework; it calls `POST /api/public/lookup` with the code and the last four
 * digits of the phone number printed on the receipt.
 */
import { Router } from 'express';

const PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tra cứu hồ sơ</title>
<style>
body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222}
label{display:block;margin:.75rem 0 .25rem}input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}
button{margin-top:1rem;font-size:1rem;padding:.5rem 1rem}#result{margin-top:1.5rem}.error{color:#a00}
dt{font-weight:600;margin-top:.5rem}
</style></head><body>
<h1>Tra cứu tình trạng hồ sơ</h1>
<form id="lookup">
  <label for="code">Mã hồ sơ (in trên giấy tiếp nhận)</label>
  <input id="code" name="code" required autocomplete="off" placeholder="000.00.19.H26-261123-0001">
  <label for="secret">4 số cuối số điện thoại đã đăng ký</label>
  <input id="secret" name="secret" required inputmode="numeric" pattern="\\d{4}" maxlength="4">
  <button type="submit">Tra cứu</button>
</form>
<div id="result" aria-live="polite"></div>
<script>
const params = new URLSearchParams(location.search);
if (params.get('ma')) document.getElementById('code').value = params.get('ma');
const out = document.getElementById('result');
function show(rows) {
  const dl = document.createElement('dl');
  for (const [k, v] of rows) {
    if (!v) continue;
    const dt = document.createElement('dt'); dt.textContent = k;
    const dd = document.createElement('dd'); dd.textContent = v;
    dl.append(dt, dd);
  }
  out.replaceChildren(dl);
}
document.getElementById('lookup').addEventListener('submit', async (e) => {
  e.preventDefault();
  out.textContent = 'Đang tra cứu…';
  try {
    const res = await fetch('/api/public/lookup', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: document.getElementById('code').value.trim(), secret: document.getElementById('secret').value.trim() }),
    });
    const body = await res.json();
    if (!res.ok) { out.innerHTML = ''; const p = document.createElement('p'); p.className = 'error'; p.textContent = body.detail || body.title; out.append(p); return; }
    show([['Mã hồ sơ', body.code], ['Thủ tục', body.procedureName], ['Tình trạng', body.statusLabel], ['', body.message],
      ['Hẹn trả kết quả', body.appointment], ['Đang xử lý tại', body.currentDepartment],
      ...(body.apologies || []).map((a) => ['Thư xin lỗi số ' + a.no, a.reason + ' — hẹn lại ' + a.newAppointment])]);
  } catch { out.textContent = 'Không kết nối được máy chủ, vui lòng thử lại.'; }
});
</script>
</body></html>`;

export function citizenPageRoutes(): Router {
  const r = Router();
  r.get('/tra-cuu', (_req, res) => {
    res.type('html').setHeader('Cache-Control', 'no-store').send(PAGE);
  });
  return r;
}
