/**
 * The citizen lookup page (`/tra-cuu`) that the QR code on every issued document points to (`?ma=<dossier code>`).
 * Self-contained HTML: no CDN, no framework; it calls `POST /api/public/lookup` with the code and the last four
 * digits of the phone number printed on the receipt, then offers what the status calls for: the fee payment link,
 * the online supplement form, the satisfaction survey once the result is returned. It lists the documents issued to
 * the citizen ("Văn bản của hồ sơ"), an apology letter first and highlighted (the agency at fault must send one when
 * a dossier will be late); each downloads by POSTing the secret (never in a URL) and saving the PDF under its name.
 * Everything the API returns is inserted as text (never as HTML); `test/citizen-page.browser.test.ts` drives it in Chromium.
 */
import { Router } from 'express';

const PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tra cứu hồ sơ</title>
<style>
body{font-family:system-ui,sans-serif;line-height:1.45;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
label{display:block;margin:.75rem 0 .25rem}input,textarea{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
.hint,.field-error{margin:.2rem 0 0;font-size:.9rem;color:#555}.field-error{color:#a00}
input[aria-invalid=true],textarea[aria-invalid=true]{border:2px solid #a00}
button{margin-top:1rem;font:inherit;padding:.5rem 1rem;cursor:pointer}button:disabled{cursor:wait}
a.button{display:inline-block;margin-top:.5rem;padding:.5rem 1rem;background:#1a5fb4;color:#fff;text-decoration:none;border-radius:3px}
#result{margin-top:1.5rem}.error{color:#a00;font-weight:600}.ok{color:#26734d;font-weight:600}
.status{font-size:1.15rem;font-weight:600;margin:.25rem 0}.message{background:#f3f6fa;border-left:4px solid #1a5fb4;padding:.5rem .75rem}
dt{font-weight:600;margin-top:.5rem}dd{margin-left:1rem}
fieldset{border:1px solid #ccc;margin:.75rem 0 0;padding:.5rem .75rem}fieldset label{display:block;margin:.25rem 0}
fieldset input{width:auto;margin-right:.4rem}
.docs{list-style:none;padding:0;margin:.5rem 0}.doc{border:1px solid #ccd;border-radius:3px;padding:.5rem .75rem;margin:.5rem 0;overflow-wrap:anywhere}
.doc .title{font-weight:600;display:block}.doc .meta{font-size:.9rem;color:#555;display:block}.doc button{margin-top:.5rem}
.doc.apology{border:2px solid #b34700;border-left-width:6px;background:#fff4e5}
.badge{display:inline-block;background:#b34700;color:#fff;font-size:.85rem;font-weight:600;padding:.05rem .4rem;border-radius:3px;margin-bottom:.25rem}
.apology-note{margin:.25rem 0 0}
</style></head><body><main>
<h1>Tra cứu tình trạng hồ sơ</h1>
<form id="lookup" novalidate>
  <label for="code">Mã hồ sơ</label>
  <input id="code" name="code" required autocomplete="off" autocapitalize="characters" spellcheck="false"
    placeholder="000.00.19.H26-261123-0001" aria-describedby="code-hint code-error">
  <p class="hint" id="code-hint">In trên giấy tiếp nhận hồ sơ và hẹn trả kết quả.</p>
  <p class="field-error" id="code-error" hidden></p>
  <label for="secret">4 số cuối số điện thoại đã đăng ký</label>
  <input id="secret" name="secret" required inputmode="numeric" autocomplete="off" maxlength="4" aria-describedby="secret-error">
  <p class="field-error" id="secret-error" hidden></p>
  <button type="submit">Tra cứu</button>
</form>
<div id="result" aria-live="polite"></div>
</main>
<script>
const $ = (id) => document.getElementById(id);
const el = (tag, { role, ...props } = {}, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  if (role) e.setAttribute('role', role);
  e.append(...children);
  return e;
};
const CODE = /^[0-9A-Z.]+-\\d{6}-\\d{4,}$/;
const out = $('result');
let current = null; // { code, secret } of the last successful lookup, for the survey and supplement forms
const params = new URLSearchParams(location.search);
const qrCode = params.get('ma') || params.get('code');
if (qrCode) { $('code').value = qrCode; $('secret').focus(); }
// A field's error goes away as soon as the citizen corrects it.
document.addEventListener('input', (e) => { if (e.target.getAttribute('aria-invalid')) fieldError(e.target, ''); });

function fieldError(input, message) {
  const p = $(input.id + '-error');
  p.textContent = message || '';
  p.hidden = !message;
  if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  return !message;
}
/** POST JSON; resolves to { ok, body } or throws when the server is unreachable or answers something else than JSON. */
async function post(url, payload) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  const body = await res.json();
  return { ok: res.ok, body };
}
/** The Vietnamese sentence of a problem+json answer (validation errors list their fields' messages). */
function problemText(body) {
  if (body && Array.isArray(body.errors) && body.errors.length) return (body.title || 'Dữ liệu không hợp lệ') + ': ' + body.errors.map((e) => e.message).join('; ');
  return (body && (body.detail || body.title)) || 'Đã có lỗi; vui lòng thử lại.';
}
const errorP = (text) => el('p', { className: 'error', role: 'alert', textContent: text });
const OFFLINE = 'Không kết nối được máy chủ, vui lòng thử lại.';

async function busy(button, fn) {
  button.disabled = true;
  try { await fn(); } finally { button.disabled = false; }
}

$('lookup').addEventListener('submit', (e) => {
  e.preventDefault();
  const codeInput = $('code'), secretInput = $('secret');
  codeInput.value = codeInput.value.replace(/\\s+/g, '').toUpperCase();
  secretInput.value = secretInput.value.replace(/\\s+/g, '');
  const okCode = fieldError(codeInput, !codeInput.value ? 'Vui lòng nhập mã hồ sơ.'
    : CODE.test(codeInput.value) ? '' : 'Mã hồ sơ chưa đúng dạng, ví dụ 000.00.19.H26-261123-0001.');
  const okSecret = fieldError(secretInput, /^\\d{4}$/.test(secretInput.value) ? '' : 'Vui lòng nhập đúng 4 chữ số cuối của số điện thoại.');
  if (!okCode || !okSecret) { (okCode ? secretInput : codeInput).focus(); out.replaceChildren(); return; }
  const query = { code: codeInput.value, secret: secretInput.value };
  busy(e.submitter || $('lookup').querySelector('button'), async () => {
    out.replaceChildren(el('p', { textContent: 'Đang tra cứu…' }));
    current = null;
    try {
      const { ok, body } = await fetch('/api/public/lookup', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query),
      }).then(async (res) => ({ ok: res.ok, body: await res.json() }));
      if (!ok) { out.replaceChildren(errorP(problemText(body))); return; }
      current = query;
      show(body);
    } catch { out.replaceChildren(errorP(OFFLINE)); }
  });
});

function show(d) {
  const rows = [['Mã hồ sơ', d.code], ['Thủ tục', d.procedureName], ['Ngày tiếp nhận', d.receivedAt],
    ['Hẹn trả kết quả', d.appointment], ['Hẹn trả ban đầu', d.originalAppointment], ['Đang xử lý tại', d.currentDepartment],
    ['Phí, lệ phí', d.fees && d.fees.totalVnd > 0 ? d.fees.totalVnd.toLocaleString('vi-VN') + ' đồng — ' + (d.fees.paid ? 'đã nộp' : 'chưa nộp') : ''],
    ['Bưu gửi', d.postal ? 'Số hiệu ' + d.postal.trackingNumber + ' — ' + d.postal.statusLabel + ' (' + d.postal.updatedAt + ')' : ''],
    ...(d.apologies || []).map((a) => ['Thư xin lỗi số ' + a.no + ' (' + a.signer + ')', a.reason + ' — hẹn lại ' + a.newAppointment])];
  const dl = el('dl');
  for (const [k, v] of rows) if (v) dl.append(el('dt', { textContent: k }), el('dd', { textContent: v }));
  const docs = d.documents || [];
  const docsSection = docs.length ? documentsSection(docs, current) : null;
  const apologised = docs.some((x) => x.kind === 'apology');
  const parts = [
    el('h2', { textContent: 'Kết quả tra cứu' }),
    el('p', { className: 'status' }, 'Tình trạng: ', el('span', { id: 'status', textContent: d.statusLabel })),
    el('p', { className: 'message', id: 'message', textContent: d.message }),
    // An apology letter is what the citizen most needs to see: right under the status, before the details.
    ...(docsSection && apologised ? [docsSection] : []),
    dl,
    ...(docsSection && !apologised ? [docsSection] : []),
  ];
  const payUrl = d.fees && d.fees.paymentUrl;
  if (payUrl && /^https?:\\/\\//.test(payUrl)) parts.push(el('a', { className: 'button', id: 'pay', href: payUrl, textContent: 'Nộp phí, lệ phí trực tuyến' }));
  if (d.supplement) parts.push(supplementForm(d.supplement));
  if (d.status === 'RETURNED') parts.push(surveyForm());
  out.replaceChildren(...parts);
}

/**
 * "Văn bản của hồ sơ": one entry per document with a download button; apology letters first (newest first) and
 * highlighted, the others oldest first as issued. "who" is the code and secret the list was fetched with.
 */
function documentsSection(docs, who) {
  const apologies = docs.filter((x) => x.kind === 'apology').reverse();
  const others = docs.filter((x) => x.kind !== 'apology');
  const feedback = el('div', { id: 'documents-result', role: 'status' });
  const item = (doc) => {
    const button = el('button', { type: 'button', className: 'download', textContent: 'Tải về' });
    button.setAttribute('aria-label', 'Tải về ' + doc.title);
    button.addEventListener('click', () => download(doc, who, button, feedback));
    const apology = doc.kind === 'apology';
    const li = el('li', { className: apology ? 'doc apology' : 'doc' },
      ...(apology ? [el('span', { className: 'badge', textContent: 'Thư xin lỗi' })] : []),
      el('span', { className: 'title', textContent: doc.title }),
      ...(apology ? [el('p', { className: 'apology-note', textContent: 'Cơ quan giải quyết xin lỗi ông/bà vì hồ sơ trễ hẹn và hẹn lại ngày trả kết quả.' })] : []),
      el('span', { className: 'meta', textContent: 'Ban hành lúc ' + doc.issuedAt + ' · ' + doc.fileName }),
      button);
    li.dataset.kind = doc.kind;
    li.dataset.id = String(doc.id);
    return li;
  };
  const section = el('section', { id: 'documents' },
    el('h2', { id: 'documents-heading', textContent: 'Văn bản của hồ sơ' }),
    el('ul', { className: 'docs' }, ...apologies.map(item), ...others.map(item)),
    feedback);
  section.setAttribute('aria-labelledby', 'documents-heading');
  return section;
}

/** POSTs the secret for one document and saves the PDF under its file name. */
function download(doc, who, button, feedback) {
  return busy(button, async () => {
    feedback.replaceChildren();
    try {
      const res = await fetch('/api/public/dossiers/' + encodeURIComponent(who.code) + '/documents/' + encodeURIComponent(doc.id), {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: who.secret }),
      });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        feedback.replaceChildren(errorP(problemText(body)));
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      const a = el('a', { href: url, download: doc.fileName, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      feedback.replaceChildren(el('p', { className: 'ok', textContent: 'Đã tải về: ' + doc.title + '.' }));
    } catch { feedback.replaceChildren(errorP(OFFLINE)); }
  });
}

function supplementForm(s) {
  const note = el('textarea', { id: 'supplement-note', rows: 3, required: true });
  note.setAttribute('aria-describedby', 'supplement-note-error');
  const feedback = el('div', { id: 'supplement-result', role: 'status' });
  const button = el('button', { type: 'submit', textContent: 'Gửi thông báo đã bổ sung' });
  const form = el('form', { id: 'supplement', noValidate: true },
    el('h2', { textContent: 'Giấy tờ cần bổ sung' }),
    el('ul', {}, ...s.items.map((i) => el('li', { textContent: i }))),
    el('p', { textContent: 'Lý do: ' + s.reason }),
    s.deadline ? el('p', { textContent: 'Hạn bổ sung: ' + s.deadline }) : null,
    el('label', { htmlFor: 'supplement-note', textContent: 'Mô tả giấy tờ ông/bà đã bổ sung (nộp tại Bộ phận Một cửa hoặc qua cổng dịch vụ công)' }),
    note, el('p', { className: 'field-error', id: 'supplement-note-error', hidden: true }), button, feedback);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!fieldError(note, note.value.trim() ? '' : 'Vui lòng mô tả giấy tờ đã bổ sung.')) { note.focus(); return; }
    busy(button, async () => {
      try {
        const { ok, body } = await post('/api/public/dossiers/' + encodeURIComponent(current.code) + '/supplement', { secret: current.secret, note: note.value.trim() });
        feedback.replaceChildren(ok ? el('p', { className: 'ok', textContent: body.message }) : errorP(problemText(body)));
        if (ok) button.remove();
      } catch { feedback.replaceChildren(errorP(OFFLINE)); }
    });
  });
  return form;
}

const SCORES = ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'];
function surveyForm() {
  const fieldset = el('fieldset', {}, el('legend', { textContent: 'Mức độ hài lòng của ông/bà' }),
    ...SCORES.map((label, i) => el('label', {}, el('input', { type: 'radio', name: 'score', value: String(i + 1), id: 'score-' + (i + 1) }), (i + 1) + ' — ' + label)));
  const comment = el('textarea', { id: 'survey-comment', rows: 3, maxLength: 2000 });
  const feedback = el('div', { id: 'survey-result', role: 'status' });
  const button = el('button', { type: 'submit', textContent: 'Gửi đánh giá' });
  const form = el('form', { id: 'survey', noValidate: true }, el('h2', { textContent: 'Đánh giá mức độ hài lòng' }), fieldset,
    el('label', { htmlFor: 'survey-comment', textContent: 'Góp ý (không bắt buộc)' }), comment, button, feedback);
  fieldset.addEventListener('change', () => feedback.replaceChildren());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const picked = form.querySelector('input[name=score]:checked');
    if (!picked) { feedback.replaceChildren(errorP('Vui lòng chọn mức độ hài lòng.')); fieldset.querySelector('input').focus(); return; }
    busy(button, async () => {
      try {
        const payload = { secret: current.secret, score: Number(picked.value), ...(comment.value.trim() ? { comment: comment.value.trim() } : {}) };
        const { ok, body } = await post('/api/public/dossiers/' + encodeURIComponent(current.code) + '/survey', payload);
        feedback.replaceChildren(ok ? el('p', { className: 'ok', textContent: body.message }) : errorP(problemText(body)));
        if (ok) button.remove();
      } catch { feedback.replaceChildren(errorP(OFFLINE)); }
    });
  });
  return form;
}
</script>
</body></html>`;

export function citizenPageRoutes(): Router {
  const r = Router();
  r.get('/tra-cuu', (_req, res) => {
    res.type('html').setHeader('Cache-Control', 'no-store').send(PAGE);
  });
  return r;
}
