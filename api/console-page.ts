/**
 * The staff web console (`/console`, "Bảng điều khiển cán bộ"): one server-rendered page with inline vanilla JS that
 * calls the JSON API with the user's bearer token, as the citizen page does (no build step, no framework, no CDN).
 *
 * - Sign-in: the user pastes a token issued by `npm run -s token -- --user <id>`; it is kept in sessionStorage
 *   (never in an address) and decoded in the browser only to show the name, roles and departments. The server checks
 *   it on every call; a 401 signs the user out with the reason. No endpoint issues tokens.
 * - Officers and heads: the inbox (`GET /api/inbox`, cursor pages) with claim and decision forms per step.
 * - Supervisors: near-due / overdue / stuck lists with procedure and department filters, statistics with fees, and
 *   note / escalate per dossier (`POST /api/dossiers/{code}/supervisor-actions`).
 * - Reception: the receiving form (`POST /api/dossiers`, procedures from `GET /api/procedures`) and hand-over.
 * - Every staff role: a dossier panel (status, appointment, current steps, events, control sheet, documents that
 *   download through fetch + blob with the token).
 *
 * Every state-changing click sends its own `Idempotency-Key`. Errors are the API's problem+json, shown in Vietnamese
 * (the English gloss in parentheses dropped) next to the form, each field error next to its field. Everything the API
 * returns is inserted as text. The inline script and style are pinned by hash in the Content-Security-Policy.
 * `test/console.browser.test.ts` drives it in Chromium.
 */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { DOSSIER_STATUSES } from '../workflows/shared/dossier';
import { CITIZEN_DOCUMENT_KINDS, citizenDocumentTitle } from './routes/citizen';
import { listDepartments } from './departments';

/** Labels the API knows and the page needs (one source of truth: the server's own tables). */
const CONFIG = {
  statuses: Object.fromEntries(Object.entries(DOSSIER_STATUSES).map(([k, v]) => [k, v.label])),
  documentTitles: Object.fromEntries(CITIZEN_DOCUMENT_KINDS.map((k) => [k, citizenDocumentTitle(k, undefined)])),
  departments: Object.fromEntries(listDepartments().map((d) => [d.code, d.name])),
};

const STYLE = `
:root{--blue:#1a5fb4;--red:#a00;--amber:#7a4f00;--green:#26734d;--line:#ccd3dd;--soft:#f3f6fa}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{font-family:system-ui,sans-serif;line-height:1.45;margin:0;color:#222;background:#fff}
h1{font-size:1.35rem;margin:0}h2{font-size:1.3rem;margin:.25rem 0 .75rem}h3{font-size:1.15rem;margin:1.25rem 0 .5rem}h4{font-size:1rem;margin:1rem 0 .4rem}
a{color:var(--blue)}
:focus-visible{outline:3px solid #0b0c0c;outline-offset:2px;box-shadow:0 0 0 5px #ffdd00}
.skip{position:absolute;left:-9999px;top:.5rem;background:#fff;color:var(--blue);padding:.5rem 1rem;z-index:10}.skip:focus{left:.5rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
header.top{background:var(--blue);color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between}
#who{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}#who p{margin:0}#who-roles,#who-departments{font-size:.9rem}
header.top button{background:#fff;color:var(--blue);border-color:#fff}
nav.views{display:flex;flex-wrap:wrap;gap:.35rem;padding:.5rem 1rem;background:var(--soft);border-bottom:1px solid var(--line)}
nav.views button[aria-current=page]{background:var(--blue);color:#fff;border-color:var(--blue)}
main{max-width:84rem;margin:0 auto;padding:1rem}
section.view > h2:focus{outline:none}
button{font:inherit;padding:.45rem .9rem;min-height:2.4rem;border:1px solid var(--blue);border-radius:4px;background:#fff;color:var(--blue);cursor:pointer}
button.primary{background:var(--blue);color:#fff}button:disabled{opacity:.6;cursor:wait}
button.link{border:0;background:none;padding:0;min-height:0;color:var(--blue);text-decoration:underline;font-weight:600;text-align:left;overflow-wrap:anywhere}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}
input,select,textarea{font:inherit;padding:.4rem;width:100%;border:1px solid #889;border-radius:3px;background:#fff}
input[type=radio],input[type=checkbox]{width:auto;margin:0 .4rem 0 0}
label.choice{font-weight:400;margin:.3rem 0;display:flex;align-items:center}
fieldset{border:1px solid var(--line);border-radius:4px;margin:.75rem 0 0;padding:.4rem .75rem .6rem}legend{font-weight:600;padding:0 .25rem}
.hint{margin:.2rem 0 0;font-size:.9rem;color:#555}.field-error{margin:.2rem 0 0;color:var(--red);font-weight:600}
[aria-invalid=true]{border:2px solid var(--red)}fieldset[aria-invalid=true]{border:2px solid var(--red)}
.actions{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.75rem}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:0 1rem}
.problem{margin:.6rem 0;padding:.5rem .75rem;border:2px solid var(--red);border-left-width:6px;border-radius:3px;background:#fff3f3;color:#600}
.problem p{margin:0}.problem ul{margin:.3rem 0 0;padding-left:1.25rem}
.success{margin:.6rem 0;padding:.5rem .75rem;border-left:6px solid var(--green);background:#eef8f2}
.status-line{margin:.4rem 0;min-height:1.4em}
.toolbar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:.5rem 0}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.4rem 0}caption{text-align:left;font-weight:600;padding:.3rem 0}
.actions button{white-space:nowrap}
.paper{display:flex;flex-wrap:wrap;align-items:center;gap:.1rem .75rem;margin:.2rem 0 .4rem}.paper label.choice{flex:1 1 16rem}.paper label.hint{margin:0;font-weight:400}.paper input.copies{width:5rem}
#hand-over-heading{margin-top:2.5rem;padding-top:1rem;border-top:1px solid var(--line)}
@media (min-width:761px){td .code{white-space:nowrap;overflow-wrap:normal}}
th,td{border-bottom:1px solid var(--line);padding:.45rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600;font-size:.92rem}
td.num,th.num{text-align:right}
small,.sub{display:block;font-size:.86rem;color:#555}.sub-left{display:block}
tr.overdue > td:first-child{box-shadow:inset 6px 0 0 var(--red)}tr.due-soon > td:first-child{box-shadow:inset 6px 0 0 #d98e04}
tr.overdue{background:#fff5f5}tr.due-soon{background:#fff9ec}tr.done{background:#f2f7f3}
.badge{display:inline-block;white-space:nowrap;font-size:.8rem;font-weight:700;padding:.05rem .4rem;border-radius:3px;margin-bottom:.15rem}
.badge.overdue{background:var(--red);color:#fff}.badge.due-soon{background:#ffd98a;color:#4a3000}.badge.ok{background:#dfeee5;color:#1d5b3c}
tr.form-row > td{background:#fbfcfe;border-left:4px solid var(--blue)}
form.panel{max-width:44rem}
.row-msg:empty{display:none}
[role=tablist]{display:flex;flex-wrap:wrap;gap:.25rem;border-bottom:2px solid var(--blue);margin-top:1rem}
[role=tab]{border-radius:4px 4px 0 0;border-bottom:0}[role=tab][aria-selected=true]{background:var(--blue);color:#fff}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:0 1rem;align-items:end}
dl.facts{display:grid;grid-template-columns:minmax(9rem,14rem) 1fr;gap:.25rem 1rem;margin:.5rem 0}dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}
ol.events{padding-left:1.5rem}ol.events li{margin:.25rem 0}ol.events time{font-variant-numeric:tabular-nums;color:#444}
ul.ready-list{list-style:none;padding:0}ul.ready-list li{border:1px solid var(--line);border-radius:3px;padding:.4rem .75rem;margin:.35rem 0}
ul.docs{list-style:none;padding:0}ul.docs li{border:1px solid var(--line);border-radius:3px;padding:.5rem .75rem;margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center;justify-content:space-between}
.code{font-family:ui-monospace,monospace;overflow-wrap:anywhere}
@media (max-width:760px){
  main{padding:.6rem}
  table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
  table.cards tr{border:1px solid var(--line);border-radius:4px;margin:.6rem 0;padding:.3rem .6rem}
  table.cards td{border:0;padding:.2rem 0}
  table.cards td[data-label]::before{content:attr(data-label);display:block;font-size:.8rem;font-weight:700;color:#555;text-transform:uppercase;letter-spacing:.02em}
  tr.overdue > td:first-child,tr.due-soon > td:first-child{box-shadow:none}
  tr.overdue{border-left:6px solid var(--red)!important}tr.due-soon{border-left:6px solid #d98e04!important}
  dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.3rem}
}
`;

const BODY = `
<a class="skip" href="#main">Bỏ qua, đến nội dung chính</a>
<header class="top">
  <h1>Bảng điều khiển cán bộ</h1>
  <div id="who" hidden>
    <p><strong id="who-name"></strong> <span id="who-id" class="code"></span></p>
    <p id="who-roles"></p>
    <p id="who-departments"></p>
    <button type="button" id="sign-out">Đăng xuất</button>
  </div>
</header>
<nav class="views" id="nav" aria-label="Chức năng" hidden></nav>
<main id="main" tabindex="-1">
  <div id="announcer" class="visually-hidden" role="status" aria-live="polite"></div>

  <section class="view" id="view-sign-in" aria-labelledby="sign-in-heading">
    <h2 id="sign-in-heading" tabindex="-1">Đăng nhập</h2>
    <div id="sign-in-status" class="status-line" role="status" aria-live="polite"></div>
    <form id="sign-in" class="panel" method="post" action="#" novalidate>
      <label for="token">Mã đăng nhập (token)</label>
      <textarea id="token" rows="5" autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="token-hint token-error"></textarea>
      <p class="hint" id="token-hint">Lấy mã bằng lệnh <code>npm run -s token -- --user &lt;mã cán bộ&gt;</code> (danh sách cán bộ:
        <code>npm run -s token -- --list</code>) rồi dán vào đây. Mã chỉ được giữ trong thẻ trình duyệt này (sessionStorage),
        không bao giờ nằm trong địa chỉ trang, và bị xóa khi đăng xuất hoặc đóng thẻ.</p>
      <p class="field-error" id="token-error" hidden></p>
      <div class="actions"><button type="submit" class="primary">Đăng nhập</button></div>
    </form>
  </section>

  <section class="view" id="view-inbox" aria-labelledby="inbox-heading" hidden>
    <h2 id="inbox-heading" tabindex="-1">Hộp việc</h2>
    <p class="hint">Các bước đang giao cho phòng, cơ quan của bạn, bước sắp hết hạn xếp trước. Thời gian còn lại tính theo giờ làm việc.</p>
    <div class="toolbar"><button type="button" id="inbox-refresh">Làm mới</button></div>
    <div id="inbox-status" class="status-line" role="status" aria-live="polite"></div>
    <div class="table-wrap">
      <table class="cards" id="inbox-table" hidden>
        <caption class="visually-hidden">Hộp việc: các bước đang chờ xử lý</caption>
        <thead><tr><th scope="col">Mã hồ sơ</th><th scope="col">Thủ tục</th><th scope="col">Người nộp</th><th scope="col">Bước</th>
          <th scope="col">Phòng, cơ quan</th><th scope="col">Thời gian còn lại</th><th scope="col">Hạn xử lý</th><th scope="col">Cán bộ xử lý</th><th scope="col">Thao tác</th></tr></thead>
        <tbody id="inbox-body"></tbody>
      </table>
    </div>
    <button type="button" id="inbox-more" hidden>Tải thêm</button>
  </section>

  <section class="view" id="view-supervisor" aria-labelledby="supervisor-heading" hidden>
    <h2 id="supervisor-heading" tabindex="-1">Giám sát hồ sơ</h2>
    <form id="sup-filters" class="filters" novalidate>
      <div><label for="sup-procedure">Thủ tục</label>
        <input id="sup-procedure" list="procedure-options" autocomplete="off" spellcheck="false" placeholder="Tất cả thủ tục" aria-describedby="sup-procedure-hint sup-procedure-error">
        <p class="hint" id="sup-procedure-hint">Mã thủ tục, ví dụ 2.000815.</p><p class="field-error" id="sup-procedure-error" hidden></p></div>
      <div><label for="sup-department">Phòng, cơ quan</label>
        <input id="sup-department" list="department-options" autocomplete="off" spellcheck="false" placeholder="Tất cả phòng, cơ quan" aria-describedby="sup-department-hint sup-department-error">
        <p class="hint" id="sup-department-hint">Mã phòng, ví dụ UBND-XA-TU-PHAP.</p><p class="field-error" id="sup-department-error" hidden></p></div>
      <div id="sup-hours-wrap" hidden><label for="sup-hours">Số giờ làm việc không có thao tác</label>
        <input id="sup-hours" type="number" min="1" max="2000" step="1" inputmode="numeric" placeholder="8" aria-describedby="sup-hours-hint sup-hours-error">
        <p class="hint" id="sup-hours-hint">Mặc định 1 ngày làm việc (8 giờ).</p><p class="field-error" id="sup-hours-error" hidden></p></div>
      <div class="actions"><button type="submit" class="primary">Lọc</button><button type="button" id="sup-clear">Bỏ lọc</button></div>
    </form>
    <datalist id="procedure-options"></datalist><datalist id="department-options"></datalist>
    <div role="tablist" aria-label="Danh sách giám sát" id="sup-tabs">
      <button type="button" role="tab" id="tab-near-due" data-tab="near-due" aria-controls="sup-list-panel" aria-selected="true">Sắp đến hạn</button>
      <button type="button" role="tab" id="tab-overdue" data-tab="overdue" aria-controls="sup-list-panel" aria-selected="false" tabindex="-1">Quá hạn</button>
      <button type="button" role="tab" id="tab-stuck" data-tab="stuck" aria-controls="sup-list-panel" aria-selected="false" tabindex="-1">Không có thao tác</button>
      <button type="button" role="tab" id="tab-stats" data-tab="stats" aria-controls="sup-stats-panel" aria-selected="false" tabindex="-1">Thống kê</button>
    </div>
    <div role="tabpanel" id="sup-list-panel" aria-labelledby="tab-near-due">
      <p class="hint" id="sup-list-hint"></p>
      <div id="sup-status" class="status-line" role="status" aria-live="polite"></div>
      <div class="table-wrap">
        <table class="cards" id="sup-table" hidden>
          <caption class="visually-hidden" id="sup-caption">Danh sách hồ sơ</caption>
          <thead><tr><th scope="col">Mã hồ sơ</th><th scope="col">Thủ tục</th><th scope="col">Người nộp</th><th scope="col">Tình trạng</th>
            <th scope="col">Đang xử lý tại</th><th scope="col">Hẹn trả kết quả</th><th scope="col">Thời gian còn lại</th><th scope="col">Không có thao tác</th><th scope="col">Thao tác</th></tr></thead>
          <tbody id="sup-body"></tbody>
        </table>
      </div>
      <button type="button" id="sup-more" hidden>Tải thêm</button>
    </div>
    <div role="tabpanel" id="sup-stats-panel" aria-labelledby="tab-stats" hidden>
      <form id="stats-form" class="filters" novalidate>
        <div><label for="stats-from">Từ ngày</label><input id="stats-from" type="date" required aria-describedby="stats-from-error"><p class="field-error" id="stats-from-error" hidden></p></div>
        <div><label for="stats-to">Đến ngày</label><input id="stats-to" type="date" required aria-describedby="stats-to-error"><p class="field-error" id="stats-to-error" hidden></p></div>
        <div class="actions"><button type="submit" class="primary">Xem thống kê</button></div>
      </form>
      <p class="hint">Áp dụng cả bộ lọc thủ tục và phòng, cơ quan ở trên (phí, lệ phí không lọc theo phòng vì Bộ phận Một cửa thu).</p>
      <div id="stats-out" aria-live="polite"></div>
    </div>
  </section>

  <section class="view" id="view-reception" aria-labelledby="reception-heading" hidden>
    <h2 id="reception-heading" tabindex="-1">Tiếp nhận hồ sơ</h2>
    <form id="receive" class="panel" novalidate>
      <label for="r-procedure">Thủ tục hành chính</label>
      <select id="r-procedure" required aria-describedby="r-procedure-error"><option value="">— Chọn thủ tục —</option></select>
      <p class="field-error" id="r-procedure-error" hidden></p>
      <div id="r-procedure-info" class="hint"></div>
      <fieldset id="r-channel" aria-describedby="r-channel-error"><legend>Kênh tiếp nhận</legend><p class="hint">Chọn thủ tục trước.</p></fieldset>
      <p class="field-error" id="r-channel-error" hidden></p>
      <fieldset><legend>Người nộp hồ sơ</legend>
        <div class="grid">
          <div><label for="r-fullName">Họ và tên</label><input id="r-fullName" autocomplete="off" required aria-describedby="r-fullName-error"><p class="field-error" id="r-fullName-error" hidden></p></div>
          <div><label for="r-idNumber">Số CCCD (không bắt buộc)</label><input id="r-idNumber" inputmode="numeric" autocomplete="off" aria-describedby="r-idNumber-error"><p class="field-error" id="r-idNumber-error" hidden></p></div>
          <div><label for="r-phone">Số điện thoại (không bắt buộc)</label><input id="r-phone" type="tel" inputmode="tel" autocomplete="off" aria-describedby="r-phone-hint r-phone-error">
            <p class="hint" id="r-phone-hint">4 số cuối là mã tra cứu hồ sơ của công dân.</p><p class="field-error" id="r-phone-error" hidden></p></div>
          <div><label for="r-email">Email (không bắt buộc)</label><input id="r-email" type="email" autocomplete="off" aria-describedby="r-email-error"><p class="field-error" id="r-email-error" hidden></p></div>
          <div><label for="r-address">Địa chỉ (không bắt buộc)</label><input id="r-address" autocomplete="off" aria-describedby="r-address-error"><p class="field-error" id="r-address-error" hidden></p></div>
          <div><label for="r-province">Tỉnh, thành phố (không bắt buộc)</label><input id="r-province" autocomplete="off" aria-describedby="r-province-error"><p class="field-error" id="r-province-error" hidden></p></div>
        </div>
      </fieldset>
      <fieldset id="r-papers"><legend>Giấy tờ đã nộp</legend><p class="hint">Chọn thủ tục trước.</p></fieldset>
      <fieldset id="r-fees" hidden><legend>Phí, lệ phí</legend>
        <div class="grid" id="r-fee-pages" hidden>
          <div><label for="r-pages">Số trang mỗi bản</label><input id="r-pages" type="number" min="1" max="10000" inputmode="numeric" aria-describedby="r-pages-error"><p class="field-error" id="r-pages-error" hidden></p></div>
          <div><label for="r-copies">Số bản</label><input id="r-copies" type="number" min="1" max="1000" value="1" inputmode="numeric" aria-describedby="r-copies-error"><p class="field-error" id="r-copies-error" hidden></p></div>
        </div>
        <label class="choice" id="r-paid-label" hidden><input type="checkbox" id="r-paid"> Đã thu tiền mặt tại quầy (phí, lệ phí thu khi nộp hồ sơ)</label>
      </fieldset>
      <label for="r-missing">Giấy tờ còn thiếu (mỗi dòng một loại; để trống nếu hồ sơ đã đầy đủ)</label>
      <textarea id="r-missing" rows="2" aria-describedby="r-missing-hint r-missing-error"></textarea>
      <p class="hint" id="r-missing-hint">Hồ sơ thiếu giấy tờ được ghi nhận và công dân nhận phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.</p>
      <p class="field-error" id="r-missing-error" hidden></p>
      <fieldset id="r-return" aria-describedby="r-return-error"><legend>Hình thức nhận kết quả</legend>
        <label class="choice"><input type="radio" name="r-return" value="counter" checked> Nhận tại quầy</label>
        <label class="choice"><input type="radio" name="r-return" value="online"> Nhận trực tuyến</label>
        <label class="choice"><input type="radio" name="r-return" value="postal"> Gửi qua bưu chính (cần địa chỉ và số điện thoại)</label>
      </fieldset>
      <p class="field-error" id="r-return-error" hidden></p>
      <div class="actions"><button type="submit" class="primary">Tiếp nhận hồ sơ</button></div>
      <div id="receive-result" aria-live="polite"></div>
    </form>

    <h2 id="ready-heading">Hồ sơ chờ trả kết quả</h2>
    <p class="hint" id="ready-hint">Hồ sơ đã có kết quả, trả tại quầy hoặc trực tuyến; hẹn sớm xếp trước. Kết quả gửi qua bưu chính tự chuyển đi.</p>
    <div class="actions"><button type="button" id="ready-refresh">Làm mới</button></div>
    <p id="ready-status" aria-live="polite"></p>
    <ul id="ready-list" class="ready-list" aria-labelledby="ready-heading"></ul>

    <h2 id="hand-over-heading">Trả kết quả</h2>
    <form id="hand-over" class="panel" novalidate aria-labelledby="hand-over-heading">
      <label for="ho-code">Mã hồ sơ</label>
      <input id="ho-code" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="ho-code-hint ho-code-error">
      <p class="hint" id="ho-code-hint">Hồ sơ ở tình trạng “Đã xử lý xong, chờ trả kết quả”.</p>
      <p class="field-error" id="ho-code-error" hidden></p>
      <label for="ho-note">Ghi chú (không bắt buộc)</label>
      <textarea id="ho-note" rows="2" maxlength="2000" aria-describedby="ho-note-error"></textarea>
      <p class="field-error" id="ho-note-error" hidden></p>
      <div class="actions"><button type="submit" class="primary">Trả kết quả</button></div>
      <div id="hand-over-result" aria-live="polite"></div>
    </form>
  </section>

  <section class="view" id="view-dossier" aria-labelledby="dossier-view-heading" hidden>
    <h2 id="dossier-view-heading" tabindex="-1">Xem hồ sơ</h2>
    <form id="open-dossier" class="toolbar" novalidate>
      <div><label for="dossier-code">Mã hồ sơ</label>
        <input id="dossier-code" autocomplete="off" autocapitalize="characters" spellcheck="false" placeholder="000.00.19.H26-261123-0001" aria-describedby="dossier-code-error">
        <p class="field-error" id="dossier-code-error" hidden></p></div>
      <button type="submit" class="primary">Xem</button>
      <button type="button" id="dossier-back" hidden>Quay lại</button>
    </form>
    <div id="dossier-status" class="status-line" role="status" aria-live="polite"></div>
    <div id="dossier-out"></div>
  </section>
</main>
`;

/* The page's own script. Plain ES2020 for the browser; no template literals (this is a TS template string). */
const SCRIPT = String.raw`
'use strict';
const CONFIG = __CONFIG__;
const $ = (id) => document.getElementById(id);
/** Element builder: text, class, on (listeners), data (dataset), value; anything else is an attribute. */
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k === 'value') e.value = v;
    else if (k === 'on') for (const [type, fn] of Object.entries(v)) e.addEventListener(type, fn);
    else if (k === 'data') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(2)) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}
const STORE_KEY = 'motcua.console.token';
const READERS = ['reception', 'officer', 'head', 'supervisor', 'auditor'];
const CODE = /^[0-9A-Z.]+-\d{6}-\d{4,}$/;
const ROLE_LABELS = { reception: 'Tiếp nhận và trả kết quả', officer: 'Cán bộ xử lý', head: 'Lãnh đạo phòng', supervisor: 'Giám sát viên', auditor: 'Thanh tra', admin: 'Quản trị hệ thống' };
const DECISIONS = [['approve', 'Phê duyệt'], ['return', 'Trả lại bước trước'], ['request-supplement', 'Yêu cầu bổ sung giấy tờ'], ['refuse', 'Từ chối giải quyết']];
const DECISION_LABEL = Object.fromEntries(DECISIONS);
const CHANNEL_LABELS = { counter: 'Trực tiếp tại quầy', online: 'Trực tuyến', postal: 'Qua bưu chính' };
const RETURN_LABELS = { counter: 'Nhận tại quầy', online: 'Nhận trực tuyến', postal: 'Gửi qua bưu chính' };
const RESULT_LABELS = { early: 'Trước hạn', 'on-time': 'Đúng hạn', late: 'Trễ hạn' };
const DURATION_UNITS = { 'working-days': 'ngày làm việc', 'working-hours': 'giờ làm việc', 'calendar-days': 'ngày', 'same-day': 'trong ngày' };
const FIELD_LABELS = {
  decision: 'Quyết định', reason: 'Lý do', missingItems: 'Giấy tờ cần bổ sung', toStepId: 'Bước trả về', note: 'Nội dung', stepId: 'Bước',
  procedureCode: 'Thủ tục', channel: 'Kênh tiếp nhận', 'applicant.fullName': 'Họ và tên', 'applicant.idNumber': 'Số CCCD',
  'applicant.phone': 'Số điện thoại', 'applicant.email': 'Email', 'applicant.address': 'Địa chỉ', 'applicant.province': 'Tỉnh, thành phố',
  returnMethod: 'Hình thức nhận kết quả', submittedPapers: 'Giấy tờ đã nộp', 'intake.missingItems': 'Giấy tờ còn thiếu',
  from: 'Từ ngày', to: 'Đến ngày', procedure: 'Thủ tục', department: 'Phòng, cơ quan', hours: 'Số giờ', cursor: 'Trang', code: 'Mã hồ sơ',
};
const OFFLINE = { title: 'Không kết nối được máy chủ', detail: 'Vui lòng kiểm tra mạng và thử lại.' };

let session = null; // { token, user }
let PROCS = new Map(); // procedure code → { code, name, channels, requiredPapers, fees, stages }
const seenSeq = new Map(); // dossier code → last event seq this page has seen in an update's answer
let uid = 0;
const nextId = (p) => p + '-' + (++uid);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const has = (...roles) => !!session && roles.some((r) => session.user.roles.includes(r));
const deptName = (code) => CONFIG.departments[code] || code;
const statusLabel = (s) => CONFIG.statuses[s] || s;
const DEPT_CODES = Object.keys(CONFIG.departments).sort((a, b) => b.length - a.length);
const DEPT_RE = new RegExp('(^|[^A-Z0-9-])(' + DEPT_CODES.map((c) => c.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')).join('|') + ')(?![A-Z0-9-])', 'g');
/** An event line for reading: department codes become their names, "kênh counter" the channel's name. */
function readable(summary) {
  return String(summary)
    .replace(DEPT_RE, (_m, before, code) => before + deptName(code))
    .replace(/kênh (counter|online|postal)/g, (_m, c) => 'kênh ' + CHANNEL_LABELS[c].toLowerCase());
}
const fmtNum = (n) => Number(n).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
const vnd = (n) => Number(n).toLocaleString('vi-VN') + ' đồng';

/** An instant from the API (ISO or PostgreSQL text) as "HH:mm dd/MM/yyyy", Vietnam time. */
const VN_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' });
function parseInstant(s) {
  if (!s) return null;
  let t = String(s).trim().replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}
function vnTime(s) {
  const d = parseInstant(s);
  if (!d) return s ? String(s) : '';
  const p = Object.fromEntries(VN_FORMAT.formatToParts(d).map((x) => [x.type, x.value]));
  return p.hour + ':' + p.minute + ' ' + p.day + '/' + p.month + '/' + p.year;
}
const vnDay = (ymd) => (/^\d{4}-\d{2}-\d{2}$/.test(ymd) ? ymd.slice(8) + '/' + ymd.slice(5, 7) + '/' + ymd.slice(0, 4) : ymd);
const todayVn = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());

/** A fresh key per click; crypto.randomUUID needs a secure context, getRandomValues does not. */
function newKey() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
}

// ------------------------------------------------------------------ messages
/** The API's Vietnamese text without its English gloss in parentheses; decision codes in quotes become their names. */
function viText(s) {
  return String(s)
    .replace(/"(approve|return|request-supplement|refuse)"/g, (_m, d) => '“' + DECISION_LABEL[d] + '”')
    .replace(/\s*\(([\x20-\x7e]*)\)/g, (m, inner) => (/[a-z]{3}/i.test(inner) && !/\d/.test(inner) ? '' : m))
    .trim();
}
/** A field message; the schema's English defaults (no Vietnamese at all) become a generic Vietnamese one. */
const fieldMessage = (m) => (/^[\x20-\x7e]*$/.test(String(m)) ? 'giá trị không hợp lệ' : viText(m));
/** "body.applicant.phone" → "applicant.phone"; "body.missingItems.0" → "missingItems". */
const fieldKey = (path) => String(path || '').split('.').slice(1).filter((x) => !/^\d+$/.test(x)).join('.');

function setFieldError(input, message) {
  const p = $(input.id + '-error');
  if (p) { p.textContent = message || ''; p.hidden = !message; }
  if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
  return !message;
}
function clearFieldErrors(root) {
  for (const x of root.querySelectorAll('[aria-invalid]')) setFieldError(x, '');
}
/** problem+json as a Vietnamese alert; field errors also go next to their fields (fields: key → input). */
function problemBox(body, fields) {
  const b = body && typeof body === 'object' ? body : {};
  const items = [];
  let first = null;
  for (const e of Array.isArray(b.errors) ? b.errors : []) {
    const key = fieldKey(e.path);
    const message = fieldMessage(e.message);
    const input = fields && fields[key];
    if (input) { setFieldError(input, message); first = first || input; }
    items.push(el('li', { text: (FIELD_LABELS[key] || key || 'Dữ liệu') + ': ' + message }));
  }
  const detail = b.detail ? viText(b.detail) : '';
  const box = el('div', { class: 'problem', role: 'alert' },
    el('p', {}, el('strong', { text: viText(b.title || 'Đã có lỗi') }), detail ? ': ' + detail : ''),
    items.length ? el('ul', {}, items) : null);
  box.firstInvalid = first;
  return box;
}
function announce(text) {
  const a = $('announcer');
  a.textContent = '';
  setTimeout(() => { a.textContent = text; }, 50);
}
async function busy(button, fn) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try { return await fn(); } finally { button.disabled = false; button.removeAttribute('aria-busy'); }
}

// ------------------------------------------------------------------ API
/** fetch with the bearer token; resolves to { ok, status, body } (body: parsed JSON or null). A 401 ends the session. */
async function api(method, path, body, idempotent) {
  if (!session) return { ok: false, status: 401, body: { title: 'Chưa đăng nhập' } };
  const headers = { authorization: 'Bearer ' + session.token, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotent) headers['Idempotency-Key'] = newKey();
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, body: OFFLINE };
  }
  let data = null;
  if (/json/.test(res.headers.get('content-type') || '')) data = await res.json().catch(() => null);
  if (res.status === 401) expireSession(data);
  return { ok: res.ok, status: res.status, body: data || (res.ok ? {} : { title: 'Lỗi ' + res.status }) };
}
const dossierPath = (code) => '/api/dossiers/' + encodeURIComponent(code);
const stepPath = (code, stepId) => dossierPath(code) + '/steps/' + encodeURIComponent(stepId);
function remember(view) {
  if (view && view.code && typeof view.lastEventSeq === 'number') seenSeq.set(view.code, Math.max(seenSeq.get(view.code) || 0, view.lastEventSeq));
}

// ------------------------------------------------------------------ sign-in
function decodeToken(token) {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    let b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    b64 += '='.repeat((4 - (b64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const p = JSON.parse(new TextDecoder().decode(bytes));
    if (!p || typeof p.sub !== 'string' || !Array.isArray(p.roles)) return null;
    return {
      id: p.sub,
      name: typeof p.name === 'string' ? p.name : '',
      roles: p.roles.filter((r) => ROLE_LABELS[r]),
      departments: Array.isArray(p.departments) ? p.departments.filter((d) => typeof d === 'string') : [],
      exp: typeof p.exp === 'number' ? p.exp : null,
    };
  } catch {
    return null;
  }
}
const expired = (user) => user.exp !== null && user.exp * 1000 <= Date.now();

$('sign-in').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('token');
  const token = input.value.trim().replace(/^Bearer\s+/i, '').replace(/\s+/g, '');
  const user = token ? decodeToken(token) : null;
  const error = !token ? 'Vui lòng dán mã đăng nhập.'
    : !user ? 'Mã đăng nhập không đúng dạng (JWT gồm ba phần cách nhau bằng dấu chấm); hãy sao chép lại cả dòng lệnh in ra.'
    : !user.roles.length ? 'Mã này không có vai trò cán bộ nào.'
    : expired(user) ? 'Mã đăng nhập đã hết hạn lúc ' + vnTime(new Date(user.exp * 1000).toISOString()) + '; vui lòng lấy mã mới.'
    : '';
  if (!setFieldError(input, error)) { input.focus(); return; }
  sessionStorage.setItem(STORE_KEY, token);
  input.value = '';
  enter(token, user);
});
$('token').addEventListener('input', (e) => { if (e.target.getAttribute('aria-invalid')) setFieldError(e.target, ''); });
$('sign-out').addEventListener('click', () => signOut('Đã đăng xuất. Mã đăng nhập đã được xóa khỏi trình duyệt.'));

function expireSession(body) {
  const why = body && body.detail ? viText(body.detail) : 'mã không hợp lệ hoặc đã hết hạn';
  signOut('Phiên đăng nhập không còn hiệu lực (' + why + '). Vui lòng dán mã mới.', true);
}

const VIEWS = [
  { id: 'inbox', label: 'Hộp việc', roles: ['officer', 'head'], load: () => loadInbox(false) },
  { id: 'supervisor', label: 'Giám sát', roles: ['supervisor'], load: () => loadSupervisorTab() },
  { id: 'reception', label: 'Tiếp nhận, trả kết quả', roles: ['reception'], load: () => loadReady() },
  { id: 'dossier', label: 'Xem hồ sơ', roles: null, load: () => {} },
];
let currentView = null;
let previousView = null;

async function enter(token, user) {
  session = { token, user };
  $('who-name').textContent = user.name || user.id;
  $('who-id').textContent = user.name ? '(' + user.id + ')' : '';
  $('who-roles').textContent = 'Vai trò: ' + user.roles.map((r) => ROLE_LABELS[r]).join(', ');
  $('who-departments').textContent = user.departments.length ? 'Đơn vị: ' + user.departments.map(deptName).join('; ') : '';
  $('who').hidden = false;
  const nav = $('nav');
  nav.replaceChildren(...VIEWS.filter((v) => !v.roles || has(...v.roles)).map((v) =>
    el('button', { type: 'button', id: 'nav-' + v.id, text: v.label, on: { click: () => show(v.id, true) } })));
  nav.hidden = false;
  $('view-sign-in').hidden = true;
  $('sign-in-status').textContent = '';
  await loadProcedures();
  if (!session) return;
  const first = VIEWS.find((v) => v.roles && has(...v.roles));
  show(first ? first.id : 'dossier', true);
  announce('Đã đăng nhập: ' + (user.name || user.id) + '.');
}

function signOut(message, isError) {
  session = null;
  sessionStorage.removeItem(STORE_KEY);
  PROCS = new Map();
  seenSeq.clear();
  for (const id of ['inbox-body', 'sup-body', 'stats-out', 'receive-result', 'hand-over-result', 'dossier-out', 'dossier-status', 'inbox-status', 'sup-status']) $(id).replaceChildren();
  for (const f of ['receive', 'hand-over', 'open-dossier', 'sup-filters']) { $(f).reset(); clearFieldErrors($(f)); }
  $('inbox-more').hidden = true; $('sup-more').hidden = true;
  for (const v of VIEWS) $('view-' + v.id).hidden = true;
  $('nav').hidden = true; $('nav').replaceChildren();
  $('who').hidden = true;
  $('view-sign-in').hidden = false;
  currentView = null;
  const status = $('sign-in-status');
  status.replaceChildren(message ? el('p', { class: isError ? 'problem' : 'success', role: isError ? 'alert' : null, text: message }) : '');
  $('token').focus();
}

function show(id, focus) {
  if (currentView !== id) previousView = currentView;
  currentView = id;
  for (const v of VIEWS) {
    $('view-' + v.id).hidden = v.id !== id;
    const b = $('nav-' + v.id);
    if (b) { if (v.id === id) b.setAttribute('aria-current', 'page'); else b.removeAttribute('aria-current'); }
  }
  $('dossier-back').hidden = !(id === 'dossier' && previousView && previousView !== 'dossier');
  const view = VIEWS.find((v) => v.id === id);
  if (focus) $('view-' + id).querySelector('h2').focus();
  if (focus && view) view.load();
}

async function loadProcedures() {
  const r = await api('GET', '/api/procedures');
  if (!r.ok) return;
  PROCS = new Map(r.body.items.map((p) => [p.code, p]));
  $('procedure-options').replaceChildren(...r.body.items.map((p) => el('option', { value: p.code, label: p.code + ' — ' + p.name })));
  const depts = new Map();
  for (const p of r.body.items) for (const s of p.stages) for (const st of s.steps) depts.set(st.department, st.departmentName);
  $('department-options').replaceChildren(...[...depts].map(([code, name]) => el('option', { value: code, label: code + ' — ' + name })));
  const select = $('r-procedure');
  select.replaceChildren(el('option', { value: '', text: '— Chọn thủ tục —' }), ...r.body.items.map((p) => el('option', { value: p.code, text: p.code + ' — ' + p.name })));
  renderProcedureParts();
}
const stepOf = (procedureCode, stepId) => {
  const p = PROCS.get(procedureCode);
  if (!p) return null;
  for (let i = 0; i < p.stages.length; i++) for (const s of p.stages[i].steps) if (s.id === stepId) return { ...s, stage: i, procedure: p };
  return null;
};

// ------------------------------------------------------------------ time left
function dueInfo(hoursLeft, daysLeft, overdue) {
  if (overdue || hoursLeft < 0) {
    const h = Math.abs(hoursLeft), d = Math.abs(daysLeft);
    return { cls: 'overdue', badge: 'Quá hạn', text: h <= 0.1 ? 'Đã quá hạn' : 'Quá ' + (d >= 1 ? fmtNum(d) + ' ngày' : fmtNum(h) + ' giờ') + ' làm việc' };
  }
  const text = 'Còn ' + (daysLeft >= 1 ? fmtNum(daysLeft) + ' ngày' : fmtNum(hoursLeft) + ' giờ') + ' làm việc';
  return daysLeft <= 1 ? { cls: 'due-soon', badge: 'Sắp đến hạn', text } : { cls: '', badge: '', text };
}
const dueCell = (info) => [info.badge ? el('span', { class: 'badge ' + info.cls, text: info.badge }) : null, el('span', { class: 'sub-left', text: info.text })];

// ------------------------------------------------------------------ inbox
const inbox = { items: [], cursor: null, gen: 0 };
$('inbox-refresh').addEventListener('click', (e) => busy(e.currentTarget, () => loadInbox(false)));
$('inbox-more').addEventListener('click', (e) => busy(e.currentTarget, () => loadInbox(true)));

async function loadInbox(more) {
  const status = $('inbox-status');
  if (!more) { inbox.items = []; inbox.cursor = null; $('inbox-body').replaceChildren(); $('inbox-more').hidden = true; }
  status.textContent = 'Đang tải hộp việc…';
  const gen = ++inbox.gen;
  const r = await api('GET', '/api/inbox' + (more && inbox.cursor ? '?cursor=' + encodeURIComponent(inbox.cursor) : ''));
  if (gen !== inbox.gen) return;
  if (!r.ok) { status.replaceChildren(problemBox(r.body)); return; }
  for (const item of r.body.items) { inbox.items.push(item); $('inbox-body').append(inboxRow(item)); }
  inbox.cursor = r.body.nextCursor;
  $('inbox-more').hidden = !inbox.cursor;
  $('inbox-table').hidden = !inbox.items.length;
  status.textContent = inbox.items.length
    ? 'Có ' + inbox.items.length + ' bước trong hộp việc' + (inbox.cursor ? '; bấm “Tải thêm” để xem tiếp.' : '.')
    : 'Hộp việc trống: không có bước nào đang giao cho phòng của bạn.';
}

function codeButton(code) {
  return el('button', { type: 'button', class: 'link code', text: code, 'aria-label': 'Xem hồ sơ ' + code, on: { click: () => openDossier(code) } });
}

function inboxRow(item) {
  const me = session.user.id;
  const info = item.done ? null : dueInfo(item.workingHoursLeft, item.workingDaysLeft, item.overdue);
  const actions = el('td', { 'data-label': 'Thao tác' });
  if (item.done) {
    actions.append(el('span', { class: 'badge ok', text: 'Đã xử lý' }), el('span', { class: 'sub', text: item.done }));
  } else {
    const group = el('div', { class: 'actions' });
    if (!item.officer) group.append(el('button', { type: 'button', class: 'claim', text: 'Nhận xử lý', 'aria-label': 'Nhận xử lý hồ sơ ' + item.code, on: { click: (e) => claimStep(item, e.currentTarget) } }));
    group.append(el('button', { type: 'button', class: 'decide primary', text: 'Quyết định', 'aria-expanded': 'false', 'aria-label': 'Quyết định hồ sơ ' + item.code, on: { click: (e) => toggleDecision(item, e.currentTarget) } }));
    actions.append(group);
  }
  actions.append(el('div', { class: 'row-msg' }));
  const tr = el('tr', { class: item.done ? 'done' : info.cls, data: { code: item.code, step: item.stepId } },
    el('td', { 'data-label': 'Mã hồ sơ' }, codeButton(item.code)),
    el('td', { 'data-label': 'Thủ tục' }, item.procedureName, el('small', { text: item.procedureCode })),
    el('td', { 'data-label': 'Người nộp', text: item.applicantName }),
    el('td', { 'data-label': 'Bước' }, item.stepName, el('small', { text: item.statusLabel })),
    el('td', { 'data-label': 'Phòng, cơ quan', text: item.departmentName }),
    el('td', { 'data-label': 'Thời gian còn lại', class: 'left' }, info ? dueCell(info) : '—'),
    el('td', { 'data-label': 'Hạn xử lý', class: 'due' }, vnTime(item.stepDueAt), el('small', { text: 'Hẹn trả hồ sơ: ' + vnTime(item.dossierDueAt) })),
    el('td', { 'data-label': 'Cán bộ xử lý', class: 'assignee', text: !item.officer ? 'Chưa có người nhận' : item.officer === me ? 'Bạn (' + me + ')' : item.officer }),
    actions);
  item.row = tr;
  return tr;
}
function rerenderInboxRow(item) {
  const old = item.row;
  const form = item.formRow;
  const fresh = inboxRow(item);
  old.replaceWith(fresh);
  if (form) { form.remove(); item.formRow = null; }
  return fresh;
}
/**
 * Steps still waiting for a decision: a parallel stage keeps its finished steps in activeSteps until the whole stage
 * is done; the control sheet row of a finished step has its result.
 */
function openSteps(view) {
  const rows = view.controlSheet || [];
  return (view.activeSteps || []).filter((s) => {
    const row = rows.filter((x) => x.stepId === s.stepId).pop();
    return !row || !(row.result || row.completedAt);
  });
}
/** After an update: the step as the workflow now has it (authoritative; the read model follows a moment later). */
function applyView(item, view) {
  remember(view);
  const step = view.status === 'PROCESSING' && openSteps(view).find((s) => s.stepId === item.stepId);
  item.statusLabel = view.statusLabel || statusLabel(view.status);
  if (step) { item.officer = step.officer || null; item.stepDueAt = step.dueAt; item.dossierDueAt = view.dueAt; item.done = null; }
  else item.done = 'Hồ sơ: ' + item.statusLabel;
  return rerenderInboxRow(item);
}
async function claimStep(item, button) {
  const msg = item.row.querySelector('.row-msg');
  await busy(button, async () => {
    msg.replaceChildren();
    const r = await api('POST', stepPath(item.code, item.stepId) + '/claim', undefined, true);
    if (!r.ok) { msg.replaceChildren(problemBox(r.body)); return; }
    const row = applyView(item, r.body);
    const text = 'Đã nhận xử lý bước “' + item.stepName + '” của hồ sơ ' + item.code + '.';
    $('inbox-status').textContent = text;
    (row.querySelector('button.decide') || row.querySelector('button.link')).focus();
  });
}
function toggleDecision(item, button) {
  if (item.formRow) { item.formRow.remove(); item.formRow = null; button.setAttribute('aria-expanded', 'false'); return; }
  const form = decisionForm(item, (view, text) => {
    const row = applyView(item, view);
    $('inbox-status').textContent = text;
    row.querySelector('button.link').focus();
  }, () => { item.formRow.remove(); item.formRow = null; button.setAttribute('aria-expanded', 'false'); button.focus(); });
  item.formRow = el('tr', { class: 'form-row' }, el('td', { colspan: '9' }, form));
  item.row.after(item.formRow);
  button.setAttribute('aria-expanded', 'true');
  form.querySelector('input').focus();
}

/** The decision form for one step: the fields each decision needs, checked here first, then by the workflow. */
function decisionForm(item, onDone, onCancel) {
  const id = nextId('decision');
  const def = stepOf(item.procedureCode, item.stepId);
  const allowed = def ? def.decisions : null;
  const fieldset = el('fieldset', { id: id + '-decision', 'aria-describedby': id + '-decision-error' + (allowed ? ' ' + id + '-decision-hint' : '') },
    el('legend', { text: 'Quyết định' }),
    DECISIONS.map(([value, label]) => el('label', { class: 'choice' }, el('input', { type: 'radio', name: id + '-decision', value }), label)));
  const reasonLabel = el('label', { for: id + '-reason', text: 'Ý kiến (không bắt buộc)' });
  const reason = el('textarea', { id: id + '-reason', rows: '3', maxlength: '2000', 'aria-describedby': id + '-reason-error' });
  const missing = el('textarea', { id: id + '-missing', rows: '3', 'aria-describedby': id + '-missing-hint ' + id + '-missing-error' });
  const missingWrap = el('div', { hidden: true },
    el('label', { for: id + '-missing', text: 'Giấy tờ cần bổ sung' }), missing,
    el('p', { class: 'hint', id: id + '-missing-hint', text: 'Mỗi dòng một loại giấy tờ; liệt kê đầy đủ trong một lần.' }),
    el('p', { class: 'field-error', id: id + '-missing-error', hidden: true }));
  const earlier = def ? def.procedure.stages.slice(0, def.stage).flatMap((s) => s.steps) : [];
  const toStep = el('select', { id: id + '-to', 'aria-describedby': id + '-to-error' },
    el('option', { value: '', text: 'Bước liền trước (mặc định)' }), earlier.map((s) => el('option', { value: s.id, text: s.name + ' — ' + s.departmentName })));
  const toWrap = el('div', { hidden: true }, el('label', { for: id + '-to', text: 'Trả về bước' }), toStep, el('p', { class: 'field-error', id: id + '-to-error', hidden: true }));
  const result = el('div', { class: 'form-result', 'aria-live': 'polite' });
  const submit = el('button', { type: 'submit', class: 'primary', text: 'Gửi quyết định' });
  const title = 'Quyết định bước “' + item.stepName + '” — hồ sơ ' + item.code;
  const form = el('form', { class: 'panel decision', novalidate: true, 'aria-label': title },
    el('p', {}, el('strong', { text: title })),
    fieldset,
    el('p', { class: 'field-error', id: id + '-decision-error', hidden: true }),
    allowed ? el('p', { class: 'hint', id: id + '-decision-hint', text: 'Theo quy trình hiện hành, bước này cho phép: ' + allowed.map((d) => DECISION_LABEL[d] || d).join(', ') + '.' }) : null,
    reasonLabel, reason, el('p', { class: 'field-error', id: id + '-reason-error', hidden: true }),
    missingWrap, toWrap,
    el('div', { class: 'actions' }, submit, el('button', { type: 'button', text: 'Hủy', on: { click: onCancel } })),
    result);
  const picked = () => { const x = fieldset.querySelector('input:checked'); return x ? x.value : ''; };
  fieldset.addEventListener('change', () => {
    const d = picked();
    setFieldError(fieldset, '');
    reasonLabel.textContent = !d || d === 'approve' ? 'Ý kiến (không bắt buộc)' : 'Lý do (bắt buộc)';
    missingWrap.hidden = d !== 'request-supplement';
    toWrap.hidden = d !== 'return';
    result.replaceChildren();
  });
  form.addEventListener('input', (e) => { if (e.target.getAttribute && e.target.getAttribute('aria-invalid')) setFieldError(e.target, ''); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    result.replaceChildren();
    const decision = picked();
    const items = missing.value.split('\n').map((x) => x.trim()).filter(Boolean);
    const checks = [
      [fieldset, decision ? '' : 'Vui lòng chọn quyết định.'],
      [reason, decision && decision !== 'approve' && !reason.value.trim() ? 'Vui lòng nêu lý do.' : ''],
      [missing, decision === 'request-supplement' && !items.length ? 'Vui lòng liệt kê giấy tờ cần bổ sung, mỗi dòng một loại.' : ''],
    ];
    const bad = checks.filter(([input, m]) => !setFieldError(input, m));
    if (bad.length) { (bad[0][0].querySelector ? bad[0][0].querySelector('input') || bad[0][0] : bad[0][0]).focus(); return; }
    const body = { decision };
    if (reason.value.trim()) body.reason = reason.value.trim();
    if (decision === 'request-supplement') body.missingItems = items;
    if (decision === 'return' && toStep.value) body.toStepId = toStep.value;
    busy(submit, async () => {
      const r = await api('POST', stepPath(item.code, item.stepId) + '/decision', body, true);
      if (!r.ok) {
        const box = problemBox(r.body, { decision: fieldset, reason, missingItems: missing, toStepId: toStep });
        result.replaceChildren(box);
        return;
      }
      onDone(r.body, 'Đã gửi quyết định “' + DECISION_LABEL[decision] + '” cho bước “' + item.stepName + '” của hồ sơ ' + item.code
        + '. Tình trạng hồ sơ: ' + (r.body.statusLabel || statusLabel(r.body.status)) + '.');
    });
  });
  return form;
}

// ------------------------------------------------------------------ supervisor
const sup = { tab: 'near-due', items: [], cursor: null, gen: 0 };
const TAB_HINTS = {
  'near-due': 'Hồ sơ còn không quá 1 ngày làm việc đến hạn trả kết quả (không tính hồ sơ đang tạm dừng chờ bổ sung hoặc đã có kết quả).',
  overdue: 'Hồ sơ đã quá hạn trả kết quả mà chưa kết thúc.',
  stuck: 'Hồ sơ không có thao tác nào trong số giờ làm việc đã chọn.',
};
const tabs = () => [...$('sup-tabs').querySelectorAll('[role=tab]')];
for (const t of tabs()) {
  t.addEventListener('click', () => selectTab(t.dataset.tab, false));
  t.addEventListener('keydown', (e) => {
    const all = tabs(), i = all.indexOf(t);
    const j = e.key === 'ArrowRight' ? (i + 1) % all.length : e.key === 'ArrowLeft' ? (i - 1 + all.length) % all.length : e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : -1;
    if (j < 0) return;
    e.preventDefault();
    selectTab(all[j].dataset.tab, true);
  });
}
function selectTab(tab, focus) {
  sup.tab = tab;
  for (const t of tabs()) {
    const on = t.dataset.tab === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    if (on && focus) t.focus();
  }
  const stats = tab === 'stats';
  $('sup-list-panel').hidden = stats;
  $('sup-stats-panel').hidden = !stats;
  $('sup-list-panel').setAttribute('aria-labelledby', 'tab-' + (stats ? 'near-due' : tab));
  $('sup-hours-wrap').hidden = tab !== 'stuck';
  loadSupervisorTab();
}
function loadSupervisorTab() {
  if (sup.tab === 'stats') {
    if (!$('stats-from').value) { const t = todayVn(); $('stats-from').value = t.slice(0, 8) + '01'; $('stats-to').value = t; }
    return loadStats();
  }
  return loadSupervisor(false);
}
$('sup-filters').addEventListener('submit', (e) => { e.preventDefault(); busy(e.submitter || e.target.querySelector('button'), () => loadSupervisorTab()); });
$('sup-clear').addEventListener('click', () => { $('sup-filters').reset(); clearFieldErrors($('sup-filters')); loadSupervisorTab(); });
$('sup-more').addEventListener('click', (e) => busy(e.currentTarget, () => loadSupervisor(true)));
const filterFields = () => ({ procedure: $('sup-procedure'), department: $('sup-department'), hours: $('sup-hours') });
function filterQuery(withHours) {
  const q = new URLSearchParams();
  const p = $('sup-procedure').value.trim(), d = $('sup-department').value.trim().toUpperCase(), h = $('sup-hours').value.trim();
  if (p) q.set('procedure', p);
  if (d) q.set('department', d);
  if (withHours && h) q.set('hours', h);
  return q;
}

async function loadSupervisor(more) {
  const tab = sup.tab;
  const status = $('sup-status');
  clearFieldErrors($('sup-filters'));
  if (!more) { sup.items = []; sup.cursor = null; $('sup-body').replaceChildren(); $('sup-more').hidden = true; }
  $('sup-list-hint').textContent = TAB_HINTS[tab];
  $('sup-caption').textContent = 'Danh sách hồ sơ: ' + $('tab-' + tab).textContent;
  status.textContent = 'Đang tải…';
  const q = filterQuery(tab === 'stuck');
  if (more && sup.cursor) q.set('cursor', sup.cursor);
  const gen = ++sup.gen;
  const r = await api('GET', '/api/supervisor/' + tab + (q.toString() ? '?' + q : ''));
  if (gen !== sup.gen) return; // a newer load (another tab, other filters) replaced this one
  if (!r.ok) { status.replaceChildren(problemBox(r.body, filterFields())); return; }
  for (const item of r.body.items) { sup.items.push(item); $('sup-body').append(supRow(item)); }
  sup.cursor = r.body.nextCursor;
  $('sup-more').hidden = !sup.cursor;
  $('sup-table').hidden = !sup.items.length;
  const name = $('tab-' + tab).textContent.toLowerCase();
  status.textContent = sup.items.length ? sup.items.length + ' hồ sơ ' + name + (sup.cursor ? '; bấm “Tải thêm” để xem tiếp.' : '.') : 'Không có hồ sơ ' + name + '.';
}
function supRow(item) {
  const info = dueInfo(item.workingHoursLeft, item.workingDaysLeft, item.overdue);
  const step = item.currentStepId ? stepOf(item.procedureCode, item.currentStepId) : null;
  const where = item.currentDepartments.map(deptName).join('; ');
  const actions = el('td', { 'data-label': 'Thao tác' },
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'note', text: 'Ghi chú', 'aria-expanded': 'false', 'aria-label': 'Ghi chú hồ sơ ' + item.code, on: { click: (e) => toggleSupForm(item, 'note', e.currentTarget) } }),
      el('button', { type: 'button', class: 'escalate', text: 'Đôn đốc', 'aria-expanded': 'false', 'aria-label': 'Đôn đốc hồ sơ ' + item.code, disabled: !item.currentStepId,
        title: item.currentStepId ? null : 'Hồ sơ không có bước đang xử lý', on: { click: (e) => toggleSupForm(item, 'escalate', e.currentTarget) } })),
    el('div', { class: 'row-msg' }));
  const tr = el('tr', { class: info.cls, data: { code: item.code } },
    el('td', { 'data-label': 'Mã hồ sơ' }, codeButton(item.code)),
    el('td', { 'data-label': 'Thủ tục' }, item.procedureName, el('small', { text: item.procedureCode })),
    el('td', { 'data-label': 'Người nộp', text: item.applicantName }),
    el('td', { 'data-label': 'Tình trạng', class: 'status' }, item.statusLabel),
    el('td', { 'data-label': 'Đang xử lý tại' }, where || '—', step ? el('small', { text: 'Bước: ' + step.name }) : null,
      el('small', { text: item.assigneeOfficer ? 'Cán bộ: ' + item.assigneeOfficer : 'Chưa có cán bộ nhận' })),
    el('td', { 'data-label': 'Hẹn trả kết quả', class: 'due' }, item.dueAt ? vnTime(item.dueAt) : '—'),
    el('td', { 'data-label': 'Thời gian còn lại', class: 'left' }, dueCell(info)),
    el('td', { 'data-label': 'Không có thao tác' }, fmtNum(item.idleWorkingHours) + ' giờ làm việc', el('small', { text: 'Lần cuối: ' + vnTime(item.lastActionAt) })),
    actions);
  item.row = tr;
  return tr;
}
function toggleSupForm(item, action, button) {
  const open = item.formRow && item.formRow.dataset.action === action;
  if (item.formRow) { item.formRow.remove(); item.formRow = null; for (const b of item.row.querySelectorAll('[aria-expanded]')) b.setAttribute('aria-expanded', 'false'); }
  if (open) return;
  const step = item.currentStepId ? stepOf(item.procedureCode, item.currentStepId) : null;
  const form = supervisorForm({ code: item.code, action, stepId: item.currentStepId, stepName: step ? step.name : item.currentStepId }, (view, text) => {
    remember(view);
    item.row.querySelector('td.status').textContent = view.statusLabel || statusLabel(view.status);
    if (view.dueAt) item.row.querySelector('td.due').textContent = vnTime(view.dueAt);
    item.formRow.remove(); item.formRow = null;
    button.setAttribute('aria-expanded', 'false');
    item.row.querySelector('.row-msg').replaceChildren(el('p', { class: 'success', text: text }));
    $('sup-status').textContent = text;
    button.focus();
  }, () => { item.formRow.remove(); item.formRow = null; button.setAttribute('aria-expanded', 'false'); button.focus(); });
  item.formRow = el('tr', { class: 'form-row', data: { action } }, el('td', { colspan: '9' }, form));
  item.row.after(item.formRow);
  button.setAttribute('aria-expanded', 'true');
  form.querySelector('textarea').focus();
}

/** Note or escalate through POST /api/dossiers/{code}/supervisor-actions. */
function supervisorForm(target, onDone, onCancel) {
  const id = nextId(target.action);
  const escalate = target.action === 'escalate';
  const title = escalate ? 'Đôn đốc bước “' + target.stepName + '” — hồ sơ ' + target.code : 'Ghi chú — hồ sơ ' + target.code;
  const note = el('textarea', { id: id + '-note', rows: '3', maxlength: '2000', required: true, 'aria-describedby': id + '-note-hint ' + id + '-note-error' });
  const result = el('div', { class: 'form-result', 'aria-live': 'polite' });
  const submit = el('button', { type: 'submit', class: 'primary', text: escalate ? 'Gửi đôn đốc' : 'Lưu ghi chú' });
  const form = el('form', { class: 'panel', novalidate: true, 'aria-label': title },
    el('p', {}, el('strong', { text: title })),
    el('label', { for: id + '-note', text: escalate ? 'Nội dung đôn đốc' : 'Nội dung ghi chú' }), note,
    el('p', { class: 'hint', id: id + '-note-hint', text: escalate ? 'Phòng, cơ quan đang xử lý được thông báo; sự việc ghi vào diễn biến hồ sơ.' : 'Ghi vào diễn biến hồ sơ, ai xem hồ sơ cũng thấy.' }),
    el('p', { class: 'field-error', id: id + '-note-error', hidden: true }),
    el('div', { class: 'actions' }, submit, el('button', { type: 'button', text: 'Hủy', on: { click: onCancel } })),
    result);
  form.addEventListener('input', () => { if (note.getAttribute('aria-invalid')) setFieldError(note, ''); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    result.replaceChildren();
    if (!setFieldError(note, note.value.trim() ? '' : escalate ? 'Vui lòng nhập nội dung đôn đốc.' : 'Vui lòng nhập nội dung ghi chú.')) { note.focus(); return; }
    const body = escalate ? { action: 'escalate', stepId: target.stepId, note: note.value.trim() } : { action: 'note', note: note.value.trim() };
    busy(submit, async () => {
      const r = await api('POST', dossierPath(target.code) + '/supervisor-actions', body, true);
      if (!r.ok) { result.replaceChildren(problemBox(r.body, { note, stepId: note })); return; }
      onDone(r.body, escalate ? 'Đã đôn đốc bước “' + target.stepName + '” của hồ sơ ' + target.code + '.' : 'Đã ghi chú vào hồ sơ ' + target.code + '.');
    });
  });
  return form;
}

// ------------------------------------------------------------------ statistics
let statsGen = 0;
$('stats-form').addEventListener('submit', (e) => { e.preventDefault(); busy(e.submitter || e.target.querySelector('button'), () => loadStats()); });
async function loadStats() {
  const out = $('stats-out');
  const from = $('stats-from'), to = $('stats-to');
  clearFieldErrors($('stats-form'));
  const okFrom = setFieldError(from, from.value ? '' : 'Vui lòng chọn ngày bắt đầu.');
  const okTo = setFieldError(to, to.value ? '' : 'Vui lòng chọn ngày kết thúc.');
  if (!okFrom || !okTo) { out.replaceChildren(); return; }
  const q = filterQuery(false);
  q.set('from', from.value); q.set('to', to.value);
  out.replaceChildren(el('p', { text: 'Đang tổng hợp…' }));
  const gen = ++statsGen;
  const r = await api('GET', '/api/supervisor/stats?' + q);
  if (gen !== statsGen) return;
  if (!r.ok) { out.replaceChildren(problemBox(r.body, { from, to, ...filterFields() })); return; }
  const s = r.body;
  const pct = (x) => (x === null || x === undefined ? '—' : fmtNum(x * 100) + '%');
  const num = (x) => el('td', { class: 'num', text: x === null || x === undefined ? '—' : fmtNum(x) });
  const cells = (x, label) => [num(x.received), num(x.handled), num(x.early), num(x.onTime), num(x.late), num(x.pending), el('td', { class: 'num', 'data-label': 'Tỷ lệ đúng hạn', text: pct(x.onTimeRate) }), num(x.averageWorkingDays)].map((td, i) => { td.setAttribute('data-label', STAT_COLUMNS[i]); return td; });
  const head = el('tr', {}, el('th', { scope: 'col', text: 'Phòng, cơ quan' }), STAT_COLUMNS.map((c) => el('th', { scope: 'col', class: 'num', text: c })));
  const table = el('table', { class: 'cards', id: 'stats-table' },
    el('caption', { text: 'Kết quả giải quyết theo phòng, cơ quan từ ' + vnDay(s.from) + ' đến ' + vnDay(s.to) }),
    el('thead', {}, head),
    el('tbody', {}, s.departments.length ? s.departments.map((d) => el('tr', {}, el('th', { scope: 'row', 'data-label': 'Phòng, cơ quan', text: d.name }), cells(d)))
      : el('tr', {}, el('td', { colspan: '9', text: 'Không có hồ sơ nào được chuyển đến trong kỳ.' }))),
    el('tfoot', {}, el('tr', {}, el('th', { scope: 'row', 'data-label': 'Phòng, cơ quan', text: 'Tổng cộng' }), cells(s.totals))));
  const f = s.fees;
  const feeTable = (caption, first, rows) => el('table', { class: 'cards' }, el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: first }), el('th', { scope: 'col', class: 'num', text: 'Số giao dịch' }), el('th', { scope: 'col', class: 'num', text: 'Số tiền' }))),
    el('tbody', {}, rows.map(([name, g]) => el('tr', {}, el('th', { scope: 'row', 'data-label': first, text: name }), el('td', { class: 'num', 'data-label': 'Số giao dịch', text: fmtNum(g.payments) }), el('td', { class: 'num', 'data-label': 'Số tiền', text: vnd(g.amountVnd) })))));
  out.replaceChildren(
    el('div', { class: 'table-wrap' }, table),
    el('h3', { text: 'Phí, lệ phí đã thu' }),
    el('p', { id: 'fees-total' }, 'Tổng cộng: ', el('strong', { text: vnd(f.amountVnd) }), ' — ' + fmtNum(f.payments) + ' giao dịch.'),
    f.byMethod.length ? feeTable('Theo phương thức thanh toán', 'Phương thức', f.byMethod.map((g) => [g.method, g])) : null,
    f.byProcedure.length ? feeTable('Theo thủ tục', 'Thủ tục', f.byProcedure.map((g) => [g.procedureCode + ' — ' + g.procedureName, g])) : null);
}
const STAT_COLUMNS = ['Tiếp nhận', 'Đã xử lý', 'Trước hạn', 'Đúng hạn', 'Trễ hạn', 'Đang xử lý', 'Tỷ lệ đúng hạn', 'Số ngày xử lý bình quân'];

// ------------------------------------------------------------------ reception
function renderProcedureParts() {
  const p = PROCS.get($('r-procedure').value);
  const channel = $('r-channel'), papers = $('r-papers');
  channel.replaceChildren(el('legend', { text: 'Kênh tiếp nhận' }));
  papers.replaceChildren(el('legend', { text: 'Giấy tờ đã nộp' }));
  $('r-procedure-info').replaceChildren();
  if (!p) { channel.append(el('p', { class: 'hint', text: 'Chọn thủ tục trước.' })); papers.append(el('p', { class: 'hint', text: 'Chọn thủ tục trước.' })); return; }
  const d = p.duration;
  $('r-procedure-info').append(
    el('p', { text: 'Thời hạn giải quyết: ' + (d.unit === 'same-day' ? 'trong ngày' : fmtNum(d.amount) + ' ' + (DURATION_UNITS[d.unit] || d.unit)) + '.' }),
    el('p', { text: p.fees.length ? 'Phí, lệ phí: ' + p.fees.map((f) => f.name + ': ' + (f.amountVnd != null ? vnd(f.amountVnd) : f.rule)).join('; ') + '.' : 'Không thu phí, lệ phí.' }));
  const perPage = p.fees.some((f) => f.amountVnd == null), atFiling = p.fees.some((f) => f.due === 'filing');
  $('r-fees').hidden = !p.fees.length;
  $('r-fee-pages').hidden = !perPage;
  $('r-pages').required = perPage;
  $('r-paid-label').hidden = !atFiling;
  p.channels.forEach((c, i) => channel.append(el('label', { class: 'choice' }, el('input', { type: 'radio', name: 'r-channel', value: c, checked: i === 0 }), CHANNEL_LABELS[c] || c)));
  if (!p.requiredPapers.length) papers.append(el('p', { class: 'hint', text: 'Thủ tục không yêu cầu giấy tờ kèm theo.' }));
  for (const x of p.requiredPapers) {
    const cid = 'r-paper-' + x.code;
    papers.append(el('div', { class: 'paper' },
      el('label', { class: 'choice' }, el('input', { type: 'checkbox', id: cid, value: x.code, checked: true, data: { name: x.name } }), x.name),
      el('label', { for: cid + '-copies', class: 'hint', text: 'Số bản' }),
      el('input', { type: 'number', id: cid + '-copies', min: '1', max: '99', value: String(x.copies || 1), inputmode: 'numeric', style: null, class: 'copies' })));
  }
}
$('r-procedure').addEventListener('change', () => { setFieldError($('r-procedure'), ''); renderProcedureParts(); });
$('receive').addEventListener('input', (e) => { if (e.target.getAttribute && e.target.getAttribute('aria-invalid')) setFieldError(e.target, ''); });
$('receive').addEventListener('change', (e) => { if (e.target.name === 'r-channel') setFieldError($('r-channel'), ''); if (e.target.name === 'r-return') setFieldError($('r-return'), ''); });
const APPLICANT_FIELDS = ['fullName', 'idNumber', 'phone', 'email', 'address', 'province'];

$('receive').addEventListener('submit', (e) => {
  e.preventDefault();
  const form = e.target, out = $('receive-result');
  clearFieldErrors(form);
  out.replaceChildren();
  const procedure = $('r-procedure'), fullName = $('r-fullName');
  const channel = form.querySelector('input[name=r-channel]:checked');
  const checks = [
    [procedure, procedure.value ? '' : 'Vui lòng chọn thủ tục.'],
    [$('r-channel'), !procedure.value || channel ? '' : 'Vui lòng chọn kênh tiếp nhận.'],
    [fullName, fullName.value.trim().length >= 2 ? '' : 'Vui lòng nhập họ và tên người nộp (ít nhất 2 ký tự).'],
    [$('r-pages'), !$('r-pages').required || parseInt($('r-pages').value, 10) >= 1 ? '' : 'Vui lòng nhập số trang (phí tính theo trang).'],
  ];
  const bad = checks.filter(([input, m]) => !setFieldError(input, m));
  if (bad.length) { (bad[0][0].tagName === 'FIELDSET' ? bad[0][0].querySelector('input') : bad[0][0]).focus(); return; }
  const applicant = {};
  for (const f of APPLICANT_FIELDS) { const v = $('r-' + f).value.trim(); if (v) applicant[f] = f === 'idNumber' || f === 'phone' ? v.replace(/[\s.]/g, '') : v; }
  const papers = [...form.querySelectorAll('#r-papers input[type=checkbox]:checked')].map((c) => ({ code: c.value, name: c.dataset.name, copies: Math.max(1, parseInt($(c.id + '-copies').value, 10) || 1) }));
  const missing = $('r-missing').value.split('\n').map((x) => x.trim()).filter(Boolean);
  const body = {
    procedureCode: procedure.value,
    channel: channel.value,
    applicant,
    submittedPapers: papers,
    returnMethod: form.querySelector('input[name=r-return]:checked').value,
  };
  if (missing.length) body.intake = { missingItems: missing };
  if ($('r-pages').required) body.feeFacts = { pages: parseInt($('r-pages').value, 10), copies: Math.max(1, parseInt($('r-copies').value, 10) || 1) };
  if (!$('r-paid-label').hidden && $('r-paid').checked) body.feesPaidAtCounter = true;
  const fields = { procedureCode: procedure, channel: $('r-channel'), returnMethod: $('r-return'), 'intake.missingItems': $('r-missing'), 'feeFacts.pages': $('r-pages'), 'feeFacts.copies': $('r-copies') };
  for (const f of APPLICANT_FIELDS) fields['applicant.' + f] = $('r-' + f);
  busy(e.submitter || form.querySelector('button[type=submit]'), async () => {
    const r = await api('POST', '/api/dossiers', body, true);
    if (!r.ok) {
      const box = problemBox(r.body, fields);
      out.replaceChildren(box);
      if (box.firstInvalid) box.firstInvalid.focus();
      return;
    }
    const code = r.body.code;
    out.replaceChildren(el('div', { class: 'success', role: 'status' },
      el('p', {}, 'Đã tiếp nhận hồ sơ ', el('strong', { id: 'received-code', class: 'code', text: code }), '. Tình trạng: ' + statusLabel(r.body.status) + '.'),
      el('p', { class: 'hint', text: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả có trong danh sách văn bản của hồ sơ khi hệ thống phát hành xong.' }),
      el('div', { class: 'actions' }, el('button', { type: 'button', text: 'Xem hồ sơ ' + code, on: { click: () => openDossier(code) } }))));
    for (const f of APPLICANT_FIELDS) $('r-' + f).value = '';
    $('r-missing').value = '';
    out.querySelector('button').focus();
  });
});

$('hand-over').addEventListener('input', (e) => { if (e.target.getAttribute('aria-invalid')) setFieldError(e.target, ''); });
$('hand-over').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('ho-code'), note = $('ho-note'), out = $('hand-over-result');
  input.value = input.value.replace(/\s+/g, '').toUpperCase();
  out.replaceChildren();
  if (!setFieldError(input, !input.value ? 'Vui lòng nhập mã hồ sơ.' : CODE.test(input.value) ? '' : 'Mã hồ sơ chưa đúng dạng, ví dụ 000.00.19.H26-261123-0001.')) { input.focus(); return; }
  handOver(input.value, note.value.trim(), e.submitter || e.target.querySelector('button'), out, { code: input, note }).then((ok) => { if (ok) note.value = ''; });
});
let readyGen = 0;
async function loadReady() {
  const gen = ++readyGen;
  const status = $('ready-status'), list = $('ready-list');
  status.textContent = 'Đang tải…';
  const r = await api('GET', '/api/reception/ready?limit=100');
  if (gen !== readyGen) return;
  if (!r.ok) { status.replaceChildren(problemBox(r.body, {})); list.replaceChildren(); return; }
  list.replaceChildren(...r.body.items.map((item) => el('li', { data: { code: item.code } },
    codeButton(item.code),
    el('span', { text: ' — ' + item.applicantName + ' — ' + item.procedureName + ' — hẹn ' + (item.dueAt ? vnTime(item.dueAt) : '—') }),
    ' ',
    el('button', { type: 'button', class: 'primary', text: 'Trả kết quả', 'aria-label': 'Trả kết quả hồ sơ ' + item.code,
      on: { click: () => { $('ho-code').value = item.code; setFieldError($('ho-code'), ''); $('ho-note').focus(); } } }))));
  status.textContent = r.body.items.length
    ? r.body.items.length + ' hồ sơ chờ trả kết quả' + (r.body.nextCursor ? ' (100 hồ sơ hẹn sớm nhất).' : '.')
    : 'Không có hồ sơ chờ trả kết quả.';
}
$('ready-refresh').addEventListener('click', () => loadReady());

async function handOver(code, note, button, out, fields) {
  return busy(button, async () => {
    const r = await api('POST', dossierPath(code) + '/hand-over', note ? { note } : {}, true);
    if (!r.ok) { out.replaceChildren(problemBox(r.body, fields)); return false; }
    remember(r.body);
    out.replaceChildren(el('p', { class: 'success', role: 'status', text: 'Đã trả kết quả hồ sơ ' + code + '. Tình trạng: ' + (r.body.statusLabel || statusLabel(r.body.status)) + '.' }));
    // The read model catches up a moment later: drop the row here rather than reload.
    for (const li of $('ready-list').querySelectorAll('li')) if (li.dataset.code === code) li.remove();
    return true;
  });
}

// ------------------------------------------------------------------ dossier panel
$('open-dossier').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('dossier-code');
  input.value = input.value.replace(/\s+/g, '').toUpperCase();
  if (!setFieldError(input, !input.value ? 'Vui lòng nhập mã hồ sơ.' : CODE.test(input.value) ? '' : 'Mã hồ sơ chưa đúng dạng, ví dụ 000.00.19.H26-261123-0001.')) { input.focus(); return; }
  openDossier(input.value);
});
$('dossier-code').addEventListener('input', (e) => { if (e.target.getAttribute('aria-invalid')) setFieldError(e.target, ''); });
$('dossier-back').addEventListener('click', () => { if (previousView) show(previousView, true); });

let dossierGen = 0;
async function openDossier(code, message) {
  show('dossier', false);
  $('dossier-code').value = code;
  setFieldError($('dossier-code'), '');
  $('dossier-status').textContent = message || 'Đang tải hồ sơ ' + code + '…';
  const out = $('dossier-out');
  out.replaceChildren();
  const gen = ++dossierGen;
  let r = await api('GET', dossierPath(code));
  // The read model follows the workflow a moment later: wait until it shows what this page has already seen.
  for (let i = 0; r.ok && (r.body.lastEventSeq || 0) < (seenSeq.get(code) || 0) && i < 25; i++) {
    await sleep(300);
    r = await api('GET', dossierPath(code));
  }
  if (!session || gen !== dossierGen) return;
  if (!r.ok) { $('dossier-status').textContent = ''; out.replaceChildren(problemBox(r.body)); return; }
  renderDossier(r.body);
  if (!message) $('dossier-status').textContent = 'Đã tải hồ sơ ' + code + '.';
  $('dossier-heading').focus();
}

function renderDossier(d) {
  const out = $('dossier-out');
  const closed = ['RETURNED', 'REFUSED', 'WITHDRAWN', 'STOPPED'].includes(d.status);
  const facts = [
    ['Thủ tục', (d.procedureCode || '') + ' — ' + (d.procedureName || '')],
    ['Người nộp', d.applicant ? d.applicant.fullName + (d.applicant.phone ? ' — ' + d.applicant.phone : '') : ''],
    ['Kênh tiếp nhận', CHANNEL_LABELS[d.channel] || d.channel],
    ['Tiếp nhận lúc', vnTime(d.receivedAt)],
    ['Hẹn trả kết quả', vnTime(d.dueAt)],
    ['Hẹn trả ban đầu', d.originalDueAt && d.originalDueAt !== d.dueAt ? vnTime(d.originalDueAt) : ''],
    ['Hình thức nhận kết quả', RETURN_LABELS[d.returnMethod] || d.returnMethod],
    ['Phí, lệ phí', d.fees && d.fees.totalVnd > 0 ? vnd(d.fees.totalVnd) + ' — ' + (d.fees.paidAt ? 'đã nộp lúc ' + vnTime(d.fees.paidAt) : 'chưa nộp') : 'Không thu'],
    ['Kết thúc', d.closure ? d.closure.reason + ' (' + vnTime(d.closure.at) + ')' : d.finishedAt ? vnTime(d.finishedAt) : ''],
  ];
  const dl = el('dl', { class: 'facts', id: 'dossier-facts' });
  for (const [k, v] of facts) if (v) dl.append(el('dt', { text: k }), el('dd', { text: v }));
  const parts = [
    el('h3', { id: 'dossier-heading', tabindex: '-1' }, 'Hồ sơ ', el('span', { class: 'code', text: d.code })),
    el('p', { class: 'status-line' }, 'Tình trạng: ', el('strong', { id: 'dossier-state', text: d.statusLabel || statusLabel(d.status) }), ' ',
      d.overdue ? el('span', { class: 'badge overdue', text: 'Quá hạn' }) : null),
    dl,
  ];
  const actionMsg = el('div', { id: 'dossier-action-result', 'aria-live': 'polite' });
  const done = (view, text) => { remember(view); openDossier(d.code, text); };

  // Current steps, with what this user may do on each.
  const steps = openSteps(d);
  if (steps.length && !closed) {
    const slot = el('div');
    parts.push(el('h4', { text: 'Bước đang xử lý' }), el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'dossier-steps' },
      el('thead', {}, el('tr', {}, ['Bước', 'Phòng, cơ quan', 'Cán bộ xử lý', 'Hạn bước', 'Thao tác'].map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, steps.map((s) => {
        const mine = has('officer', 'head') && session.user.departments.includes(s.department);
        const acts = el('div', { class: 'actions' });
        const item = { code: d.code, stepId: s.stepId, stepName: s.name, procedureCode: d.procedureCode };
        if (mine && !s.officer) acts.append(el('button', { type: 'button', text: 'Nhận xử lý', on: { click: (e) => busy(e.currentTarget, async () => {
          const r = await api('POST', stepPath(d.code, s.stepId) + '/claim', undefined, true);
          if (!r.ok) actionMsg.replaceChildren(problemBox(r.body)); else done(r.body, 'Đã nhận xử lý bước “' + s.name + '”.');
        }) } }));
        if (mine) acts.append(el('button', { type: 'button', text: 'Quyết định', on: { click: () => { slot.replaceChildren(decisionForm(item, done, () => slot.replaceChildren())); slot.querySelector('input').focus(); } } }));
        if (has('supervisor', 'head')) acts.append(el('button', { type: 'button', text: 'Đôn đốc', on: { click: () => { slot.replaceChildren(supervisorForm({ code: d.code, action: 'escalate', stepId: s.stepId, stepName: s.name }, done, () => slot.replaceChildren())); slot.querySelector('textarea').focus(); } } }));
        return el('tr', { data: { step: s.stepId } },
          el('td', { 'data-label': 'Bước', text: s.name }),
          el('td', { 'data-label': 'Phòng, cơ quan', text: deptName(s.department) }),
          el('td', { 'data-label': 'Cán bộ xử lý', text: s.officer || 'Chưa có người nhận' }),
          el('td', { 'data-label': 'Hạn bước', text: vnTime(s.dueAt) }),
          el('td', { 'data-label': 'Thao tác' }, acts.childNodes.length ? acts : '—'));
      })))), slot);
  }
  // Actions on the dossier as a whole.
  const whole = el('div', { class: 'actions' });
  const wholeSlot = el('div');
  if (has('supervisor', 'head')) whole.append(el('button', { type: 'button', text: 'Ghi chú', on: { click: () => { wholeSlot.replaceChildren(supervisorForm({ code: d.code, action: 'note' }, done, () => wholeSlot.replaceChildren())); wholeSlot.querySelector('textarea').focus(); } } }));
  if (has('reception') && d.status === 'RESULT_READY') {
    whole.append(el('button', { type: 'button', class: 'primary', text: 'Trả kết quả', on: { click: (e) => handOver(d.code, '', e.currentTarget, actionMsg, {}).then((ok) => { if (ok) openDossier(d.code, 'Đã trả kết quả hồ sơ ' + d.code + '.'); }) } }));
  }
  if (whole.childNodes.length) parts.push(whole, wholeSlot);
  parts.push(actionMsg);

  parts.push(el('h4', { text: 'Diễn biến hồ sơ' }));
  const events = d.events || [];
  parts.push(events.length ? el('ol', { class: 'events', id: 'dossier-events' }, events.map((ev) => el('li', { data: { type: ev.type } },
    el('time', { datetime: parseInstant(ev.at) ? parseInstant(ev.at).toISOString() : '', text: vnTime(ev.at) }), ' — ', readable(ev.summary),
    ev.actor ? el('small', { text: 'Người thực hiện: ' + ev.actor }) : null)))
    : el('p', { text: 'Chưa có sự kiện.' }));

  parts.push(el('h4', { text: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' }));
  const rows = d.controlSheet || [];
  parts.push(rows.length ? el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'dossier-control-sheet' },
    el('thead', {}, el('tr', {}, ['STT', 'Bên giao', 'Bên nhận', 'Thời điểm giao', 'Hạn xử lý', 'Kết quả', 'Ghi chú'].map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.map((x) => el('tr', {},
      el('td', { 'data-label': 'STT', text: String(x.rowNo) }),
      el('td', { 'data-label': 'Bên giao', text: deptName(x.fromUnit || x.from) }),
      el('td', { 'data-label': 'Bên nhận', text: deptName(x.toUnit || x.to) }),
      el('td', { 'data-label': 'Thời điểm giao', text: vnTime(x.handedOverAt) }),
      el('td', { 'data-label': 'Hạn xử lý', text: x.stepDueAt ? vnTime(x.stepDueAt) : '—' }),
      el('td', { 'data-label': 'Kết quả', text: x.result ? RESULT_LABELS[x.result] || x.result : 'Đang xử lý' }),
      el('td', { 'data-label': 'Ghi chú', text: x.note || '' }))))))
    : el('p', { text: 'Chưa có lần bàn giao nào.' }));

  const docs = el('div', { id: 'dossier-documents' });
  parts.push(el('h4', { text: 'Văn bản của hồ sơ' }), docs);
  out.replaceChildren(...parts);
  if (has(...READERS)) loadDocuments(d.code, docs);
  else docs.append(el('p', { text: 'Vai trò của bạn không xem văn bản của hồ sơ.' }));
}

async function loadDocuments(code, box) {
  box.replaceChildren(el('p', { text: 'Đang tải danh sách văn bản…' }));
  const r = await api('GET', dossierPath(code) + '/documents');
  if (!r.ok) { box.replaceChildren(problemBox(r.body)); return; }
  const feedback = el('div', { id: 'documents-result', role: 'status' });
  if (!r.body.items.length) { box.replaceChildren(el('p', { text: 'Chưa có văn bản nào.' })); return; }
  box.replaceChildren(el('ul', { class: 'docs' }, r.body.items.map((doc) => {
    const title = CONFIG.documentTitles[doc.kind] || doc.fileName;
    return el('li', { data: { kind: doc.kind, id: String(doc.id) } },
      el('span', {}, el('strong', { text: title }), el('small', { text: 'Ban hành lúc ' + vnTime(doc.issuedAt) + ' · ' + doc.fileName })),
      el('button', { type: 'button', text: 'Tải về', 'aria-label': 'Tải về ' + title, on: { click: (e) => download(code, doc, title, e.currentTarget, feedback) } }));
  })), feedback);
}
async function download(code, doc, title, button, feedback) {
  await busy(button, async () => {
    feedback.replaceChildren();
    let res;
    try {
      res = await fetch(dossierPath(code) + '/documents/' + encodeURIComponent(doc.id), { headers: { authorization: 'Bearer ' + session.token } });
    } catch { feedback.replaceChildren(problemBox(OFFLINE)); return; }
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      if (res.status === 401) return expireSession(body);
      feedback.replaceChildren(problemBox(body));
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = el('a', { href: url, download: doc.fileName, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    feedback.replaceChildren(el('p', { class: 'success', text: 'Đã tải về: ' + title + '.' }));
  });
}

// ------------------------------------------------------------------ start
(function start() {
  const saved = sessionStorage.getItem(STORE_KEY);
  const user = saved ? decodeToken(saved) : null;
  if (saved && user && user.roles.length && !expired(user)) { enter(saved, user); return; }
  if (saved) signOut('Mã đăng nhập đã lưu không còn dùng được; vui lòng dán mã mới.', true);
})();
`;

const script = SCRIPT.replace('__CONFIG__', JSON.stringify(CONFIG).replace(/</g, '\\u003c'));
const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

const PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Bảng điều khiển cán bộ — Một cửa liên thông</title>
<style>${STYLE}</style></head><body>${BODY}
<script>${script}</script>
</body></html>`;

/** Only this page's own script and style run; the token never leaves for another origin; no framing. */
const CSP = [
  "default-src 'none'",
  `script-src ${sha256(script)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function consolePageRoutes(): Router {
  const r = Router();
  r.get('/console', (_req, res) => {
    res
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Content-Security-Policy', CSP)
      .setHeader('X-Frame-Options', 'DENY')
      .setHeader('Referrer-Policy', 'no-referrer')
      .send(PAGE);
  });
  return r;
}
