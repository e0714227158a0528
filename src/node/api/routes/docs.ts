// GET /openapi.json and GET /docs (an HTML index of the same document), describing every route, these included.
import { openApiDocument } from '../openapi.js';
import type { ApiRoute } from '../route.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);

function docsPage(doc: ReturnType<typeof openApiDocument>): string {
  const rows = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) =>
      [method.toUpperCase(), `<code>${escapeHtml(path)}</code>`, escapeHtml(op.summary)]
        .map((c) => `<td>${c}</td>`)
        .join(''),
    ),
  );
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${doc.info.title}</title></head>
<body><h1>${doc.info.title} ${doc.info.version}</h1><p>${escapeHtml(doc.info.description)}
The full description, schemas included, is <a href="/openapi.json">/openapi.json</a> (OpenAPI ${doc.openapi}).</p>
<table><tr><th>method</th><th>path</th><th>what</th></tr>
${rows.map((r) => `<tr>${r}</tr>`).join('\n')}
</table></body></html>
`;
}

export function docsRoutes(routes: readonly ApiRoute[]): ApiRoute[] {
  const own: ApiRoute[] = [
    {
      method: 'GET',
      url: '/openapi.json',
      summary: 'this API described in OpenAPI 3.1',
      response: { type: 'object', additionalProperties: true },
      handler: () => doc,
    },
    {
      method: 'GET',
      url: '/docs',
      summary: 'an HTML index of the routes',
      response: { type: 'string' },
      mediaType: 'text/html; charset=utf-8',
      handler: () => page,
    },
  ];
  const doc = openApiDocument([...routes, ...own]);
  const page = docsPage(doc);
  return own;
}
