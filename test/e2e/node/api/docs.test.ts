import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiRoutes } from '../../../../src/node/api/server.js';
import { call, startApi, type ApiFixture } from './fixture.js';

describe('API description', () => {
  let api: ApiFixture;
  before(async () => (api = await startApi()));
  after(() => api.close());

  test('GET /openapi.json describes every route with its parameters and schemas', async () => {
    const { status, body } = await call(`${api.url}/openapi.json`);
    assert.equal(status, 200);
    assert.equal(body.openapi, '3.1.0');
    const routes = apiRoutes(api.node);
    const described = Object.entries(body.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`),
    );
    assert.deepEqual(described.sort(), routes.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`).sort());
    const block = body.paths['/api/blocks/{id}'].get;
    assert.deepEqual(
      block.parameters.map((p: { name: string; in: string }) => [p.name, p.in]),
      [['id', 'path']],
    );
    assert.ok(block.responses['200'].content['application/json'].schema.properties.architecture);
    assert.ok(body.paths['/api/tx'].post.requestBody.content['application/json'].schema.properties.tx);
    assert.ok(body.paths['/api/models/{root}'].get.responses['200'].content['application/octet-stream']);
  });

  test('GET /docs is an HTML page listing every route', async () => {
    const res = await fetch(`${api.url}/docs`);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    const html = await res.text();
    for (const r of apiRoutes(api.node))
      assert.ok(html.includes(`<code>${r.url.replace(/:(\w+)/g, '{$1}')}</code>`), r.url);
  });
});
