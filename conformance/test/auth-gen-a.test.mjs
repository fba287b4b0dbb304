// Gen A (LibreChat <= 0.8.5) authenticates with `X-API-Key`, from LIBRECHAT_CODE_API_KEY.
// Gen A has no error mapping of its own: a refused call reaches the model as "HTTP error! status: N".
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiKey, serviceUrl, USER_ID, v1, withKeyInUrl } from '../lib/config.mjs';
import { loadGenA } from '../lib/clients.mjs';
import { health } from '../lib/health.mjs';
import { download, fileSource, postExec, uploadGenA } from '../lib/librechat.mjs';

const baseUrl = v1(serviceUrl);
const genA = await loadGenA({ baseUrl, apiKey });
const WRONG_KEY = 'not-the-configured-key';

describe('Gen A: auth', () => {
  test('the key from LIBRECHAT_CODE_API_KEY alone (no tool parameters) is accepted', async () => {
    const message = await genA.agent(genA.createTool()).call({ lang: 'bash', code: 'echo authorized' });
    assert.equal(message.status, 'success', message.content);
    assert.match(message.content, /^stdout:\nauthorized/);
  });

  test('a wrong key: the tool call fails and the model reads HTTP 401 (Gen A maps no status to words)', async () => {
    const tool = genA.createTool({ user_id: USER_ID, LIBRECHAT_CODE_API_KEY: WRONG_KEY });
    const message = await genA.agent(tool).call({ lang: 'bash', code: 'echo should-not-run' });
    assert.equal(message.status, 'error');
    assert.equal(message.content, 'Error: Execution error:\n\nHTTP error! status: 401\n Please fix your mistakes.');
  });

  test("a wrong key on LibreChat's upload and download calls is 401 with an {error} body", async () => {
    const upload = await uploadGenA({ baseUrl, apiKey: WRONG_KEY, files: [fileSource('x.txt', 'x')] });
    assert.equal(upload.status, 401);
    assert.equal(typeof upload.data.error, 'string');
    const response = await download({ baseUrl, sessionId: 'AAAAAAAAAAAAAAAAAAAAA', fileId: 'BBBBBBBBBBBBBBBBBBBBB', headers: { 'X-API-Key': WRONG_KEY } });
    assert.equal(response.status, 401);
  });

  test('no key at all is 401 on /exec; /health needs none, and says only its status', async () => {
    const exec = await postExec({ baseUrl, body: { lang: 'bash', code: 'echo x' } });
    assert.equal(exec.status, 401);
    const anonymous = await health(serviceUrl, null);
    assert.equal(anonymous.status, 200);
    assert.deepEqual(anonymous.body, { status: 'ok' });
    assert.equal(typeof (await health()).body.languages, 'object');
  });

  test('X-API-Key decides alone: a wrong one is 401 even beside valid Basic credentials', async () => {
    const exec = await postExec({ baseUrl: withKeyInUrl(serviceUrl, apiKey), body: { lang: 'bash', code: 'echo x' }, headers: { 'X-API-Key': WRONG_KEY } });
    assert.equal(exec.status, 401);
  });
});
