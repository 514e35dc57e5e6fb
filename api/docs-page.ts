/** A self-contained HTML page (no scripts, no CDN) rendering an OpenAPI document: operations by tag, then schemas. */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Doc = { info?: { title?: string; version?: string; description?: string }; paths?: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Pretty JSON where every `$ref` to a component schema links to its anchor. */
function schemaHtml(schema: unknown): string {
  const text = esc(JSON.stringify(schema ?? {}, null, 2));
  return text.replace(/&#34;#\/components\/schemas\/([\w.-]+)&#34;/g, (_m, name: string) => `"<a href="#schema-${name}">#/components/schemas/${name}</a>"`);
}

export function docsPage(docIn: unknown): string {
  const doc = docIn as Doc;
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, opRaw] of Object.entries(item as Record<string, unknown>)) {
      const op = opRaw as { summary?: string; tags?: string[]; parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Json; description?: string }>; requestBody?: { content?: Record<string, { schema?: Json }> }; responses?: Record<string, { description?: string; content?: Record<string, { schema?: Json }> }>; 'x-roles'?: string[] };
      const tag = op.tags?.[0] ?? 'Khác';
      const params = (op.parameters ?? [])
        .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'bắt buộc' : ''}</td><td><code>${esc(JSON.stringify(p.schema ?? {}))}</code></td></tr>`)
        .join('');
      const body = op.requestBody?.content?.['application/json']?.schema;
      const responses = Object.entries(op.responses ?? {})
        .map(([status, r]) => {
          const [type, media] = Object.entries(r.content ?? {})[0] ?? [];
          return `<details><summary><b>${esc(status)}</b> ${esc(r.description ?? '')}${type ? ` <small>${esc(type)}</small>` : ''}</summary><pre>${schemaHtml(media?.schema)}</pre></details>`;
        })
        .join('');
      const html = `<section class="op" id="${esc(`${method}-${path}`)}">
<h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary ?? '')}</p><p class="roles">Vai trò: ${esc((op['x-roles'] ?? []).join(', '))}</p>
${params ? `<table><tr><th>Tham số</th><th>Vị trí</th><th></th><th>Kiểu</th></tr>${params}</table>` : ''}
${body ? `<details><summary>Nội dung yêu cầu (application/json)</summary><pre>${schemaHtml(body)}</pre></details>` : ''}
${responses}</section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><pre>${schemaHtml(s)}</pre></section>`)
    .join('');
  const toc = [...byTag.keys()].map((t) => `<li><a href="#tag-${esc(t)}">${esc(t)}</a></li>`).join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info?.title ?? 'API')}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f6f8fa;padding:.6rem;overflow:auto}
.op{border-top:1px solid #ddd;padding:.4rem 0}.m{display:inline-block;min-width:4rem;text-align:center;color:#fff;border-radius:3px;padding:0 .3rem}
.get{background:#2b7bb9}.post{background:#2e8b57}.put,.patch{background:#b8860b}.delete{background:#b22222}
.roles{color:#555}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}</style></head>
<body><h1>${esc(doc.info?.title ?? 'API')} <small>${esc(doc.info?.version ?? '')}</small></h1><p>${esc(doc.info?.description ?? '')}</p>
<p><a href="/openapi.json">openapi.json</a> · <a href="/console">Bảng điều khiển cán bộ</a> · <a href="/tra-cuu">Trang tra cứu hồ sơ cho công dân</a></p><ul>${toc}<li><a href="#schemas">Lược đồ (schemas)</a></li></ul>
${[...byTag.entries()].map(([t, ops]) => `<h2 id="tag-${esc(t)}">${esc(t)}</h2>${ops.join('')}`).join('')}
<h2 id="schemas">Lược đồ (schemas)</h2>${schemas}</body></html>`;
}
