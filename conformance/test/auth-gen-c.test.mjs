// Gen C (LibreChat >= 0.8.6) has no API-key setting: it sends no credentials unless the host passes
// `authHeaders` (LibreChat's own: a short-lived Bearer JWT, when enabled). An operator authenticates it by
// putting the key into LIBRECHAT_CODE_BASEURL, or runs the service with auth off on a private network.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { apiKey, openUrl, serviceUrl, USER_ID, v1, withKeyInUrl } from '../lib/config.mjs';
import { loadGenC } from '../lib/clients.mjs';
import { fileSource, download, uploadGenC } from '../lib/librechat.mjs';

const genC = await loadGenC({ baseUrl: withKeyInUrl(serviceUrl, apiKey) });
const NOT_AUTHORIZED =
  'Error: Execution error:\n\nCode execution is not authorized. Verify access before trying again.\n Please fix your mistakes.';
const basic = (userinfo) => `Basic ${Buffer.from(userinfo).toString('base64')}`;

async function run(params, code = 'echo authorized') {
  return genC.agent(genC.createTool({ user_id: USER_ID, ...params })).call({ lang: 'bash', code });
}

/** A JWT shaped like the one LibreChat mints for the code API (RS256, iss=librechat, aud=codeapi, 300 s). */
function librechatStyleJwt() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss: 'librechat', aud: 'codeapi', sub: USER_ID, iat: now, exp: now + 300 })}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

describe('Gen C: what the client puts on the wire for a key in the base URL', () => {
  // A local recorder stands in for the service here: only to read the headers the real clients send.
  const seen = [];
  let recorder;
  let recorderUrl;
  before(async () => {
    recorder = createServer((req, res) => {
      seen.push({ url: req.url, headers: req.headers });
      req.resume();
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ message: 'success', session_id: 'A'.repeat(21), storage_session_id: 'A'.repeat(21), stdout: 'ok\n', stderr: '', files: [{ fileId: 'B'.repeat(21), filename: 'x.txt' }] }));
    });
    await new Promise((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    recorderUrl = `http://127.0.0.1:${recorder.address().port}`;
  });
  after(() => recorder.close());

  test('the tool (node-fetch 2, as LibreChat resolves it) sends Basic base64("KEY"), no colon, and no X-API-Key', async () => {
    seen.length = 0;
    const message = await run({ baseUrl: withKeyInUrl(recorderUrl, 'wire-key') });
    assert.equal(message.status, 'success', message.content);
    assert.equal(seen[0].url, '/v1/exec');
    assert.equal(seen[0].headers.authorization, basic('wire-key'));
    assert.equal(seen[0].headers['x-api-key'], undefined);
    assert.equal(seen[0].headers['user-agent'], 'LibreChat/1.0');
  });

  test("LibreChat's axios calls (upload, download) send Basic base64(\"KEY:\")", async () => {
    seen.length = 0;
    await uploadGenC({ baseUrl: withKeyInUrl(recorderUrl, 'wire-key'), kind: 'user', id: USER_ID, files: [fileSource('x.txt', 'x')] });
    assert.equal(seen[0].headers.authorization, basic('wire-key:'));
    assert.equal(seen[0].headers['user-id'], USER_ID);
  });
});

describe('Gen C: auth against the service', () => {
  test('the key in the base URL (http://KEY@host:port/v1) is accepted', async () => {
    const message = await run({});
    assert.equal(message.status, 'success', message.content);
    assert.match(message.content, /^stdout:\nauthorized/);
  });

  test('a wrong key in the base URL: the model reads "not authorized"', async () => {
    const message = await run({ baseUrl: withKeyInUrl(serviceUrl, 'not-the-configured-key') });
    assert.equal(message.status, 'error');
    assert.equal(message.content, NOT_AUTHORIZED);
  });

  test('no credentials at all (the Gen C default): "not authorized"', async () => {
    const message = await run({ baseUrl: v1(serviceUrl) });
    assert.equal(message.content, NOT_AUTHORIZED);
  });

  test('authHeaders: a wrong X-API-Key decides alone, even with the right key in the URL', async () => {
    const message = await run({ authHeaders: { 'X-API-Key': 'not-the-configured-key' } });
    assert.equal(message.content, NOT_AUTHORIZED);
  });

  test('authHeaders: the right X-API-Key on a plain base URL is accepted', async () => {
    const message = await run({ baseUrl: v1(serviceUrl), authHeaders: () => ({ 'X-API-Key': apiKey }) });
    assert.equal(message.status, 'success', message.content);
  });

  test("a Bearer JWT as LibreChat mints it is refused: the service verifies no JWTs, and trusts none unverified", async () => {
    const jwt = librechatStyleJwt();
    const message = await run({ baseUrl: v1(serviceUrl), authHeaders: async () => ({ Authorization: `Bearer ${jwt}` }) });
    assert.equal(message.content, NOT_AUTHORIZED);
  });
});

describe('Gen C: auth off (CODE_AUTH_DISABLED=true), for a service only LibreChat can reach', () => {
  test('a plain base URL and no headers: the tool runs', async () => {
    const message = await run({ baseUrl: v1(openUrl) });
    assert.equal(message.status, 'success', message.content);
    assert.match(message.content, /^stdout:\nauthorized/);
  });

  test("LibreChat's upload and download need no key either", async () => {
    const upload = await uploadGenC({ baseUrl: v1(openUrl), kind: 'user', id: USER_ID, files: [fileSource('open.txt', 'open\n')] });
    assert.equal(upload.status, 200, JSON.stringify(upload.data));
    const response = await download({ baseUrl: v1(openUrl), sessionId: upload.data.storage_session_id, fileId: upload.data.files[0].fileId });
    assert.equal(response.status, 200);
    assert.equal(response.bytes.toString(), 'open\n');
  });
});
