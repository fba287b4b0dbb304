// Gen A (LibreChat <= 0.8.5): files in and out. Uploads as LibreChat's crud.js sends them, refs of the shape
// {id, session_id, name}, downloads and the `detail=summary` freshness check as LibreChat's process.js does.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiKey, ID_PATTERN, serviceUrl, USER_ID, v1 } from '../lib/config.mjs';
import { loadGenA } from '../lib/clients.mjs';
import { languageAvailability } from '../lib/health.mjs';
import { assertDownloads, CSV_AND_PNG, fileByName, printedHashes } from '../lib/artifacts.mjs';
import {
  checkIfActive,
  deleteFile,
  download,
  fileIdentifierGenA,
  fileSource,
  getSessionInfoGenA,
  readFileCall,
  uploadGenA,
} from '../lib/librechat.mjs';

const baseUrl = v1(serviceUrl);
const genA = await loadGenA({ baseUrl, apiKey });
const tool = genA.createTool({ user_id: USER_ID, LIBRECHAT_CODE_API_KEY: apiKey });
const keyHeader = { 'X-API-Key': apiKey };
const skip = (await languageAvailability())('py') ?? false;
const ENTITY_ID = 'agent_conformanceA01';

/** The ref LibreChat <= 0.8.5 primes from an upload: `{session_id, id, name}`. */
const refOf = (reply, index = 0) => ({
  session_id: reply.session_id,
  id: reply.files[index].fileId,
  name: reply.files[index].filename,
});

async function upload(files, options = {}) {
  const { status, data } = await uploadGenA({ baseUrl, apiKey, files, ...options });
  assert.equal(status, 200, `upload -> ${status} ${JSON.stringify(data)}`);
  assert.equal(data.message, 'success');
  assert.match(data.session_id, ID_PATTERN);
  return data;
}

describe('Gen A: files', { skip }, () => {
  test('/upload with entity_id then file and a User-Id header: reply has session_id and files[{fileId, filename}]', async () => {
    const reply = await upload([fileSource('notes.txt', 'hello from LibreChat\n')], { entityId: ENTITY_ID });
    assert.equal(reply.files.length, 1);
    assert.match(reply.files[0].fileId, ID_PATTERN);
    assert.equal(reply.files[0].filename, 'notes.txt');
    assert.match(fileIdentifierGenA(reply, ENTITY_ID), /^[A-Za-z0-9_-]{21}\/[A-Za-z0-9_-]{21}\?entity_id=/);
  });

  test('a run reads an uploaded file through {id, session_id, name} refs injected in the tool call', async () => {
    const reply = await upload([fileSource('notes.txt', 'hello from LibreChat\n')], { entityId: ENTITY_ID });
    const message = await genA.invoke(
      tool,
      { lang: 'py', code: 'print(open("/mnt/data/notes.txt").read(), end="")' },
      { sessionId: reply.session_id, files: [refOf(reply)] },
    );
    assert.match(message.content, /^stdout:\nhello from LibreChat(\n|$)/, message.content);
  });

  test('a tool built with `files` (how LibreChat <= 0.8.5 passes primed files) mounts them without injection', async () => {
    const reply = await upload([fileSource('primed.txt', 'primed at tool creation\n')]);
    const primed = genA.createTool({ user_id: USER_ID, LIBRECHAT_CODE_API_KEY: apiKey, files: [refOf(reply)] });
    const message = await genA.invoke(primed, { lang: 'bash', code: 'cat /mnt/data/primed.txt' });
    assert.match(message.content, /^stdout:\nprimed at tool creation(\n|$)/, message.content);
  });

  test('a tool call with only session_id: the client falls back to /files?detail=full and mounts what it lists', async () => {
    const reply = await upload([fileSource('fallback.txt', 'found through the listing\n')]);
    const message = await genA.invoke(tool, { lang: 'bash', code: 'cat /mnt/data/fallback.txt' }, { sessionId: reply.session_id });
    assert.match(message.content, /^stdout:\nfound through the listing(\n|$)/, message.content);
  });

  test('/upload/batch: entity_id, then a file from disk and a nested one streamed chunked; a run sees both', async () => {
    const reply = await upload(
      [
        fileSource('table.csv', 'a,b\n1,2\n'),
        fileSource('b.txt', 'nested file\n', { fromDisk: false, filepath: 'nested/b.txt' }),
      ],
      { entityId: ENTITY_ID, batch: true },
    );
    assert.equal(reply.storage_session_id, reply.session_id);
    assert.equal(reply.succeeded, 2);
    assert.equal(reply.failed, 0);
    assert.deepEqual(reply.files.map((f) => [f.status, f.filename]), [['success', 'table.csv'], ['success', 'nested/b.txt']]);
    reply.files.forEach((f) => assert.match(f.fileId, ID_PATTERN));

    const agent = genA.agent(tool, { session_id: reply.session_id, files: [refOf(reply, 0), refOf(reply, 1)] });
    const message = await agent.call({ lang: 'bash', code: 'cd /mnt/data && find . -type f | sort && cat nested/b.txt' });
    assert.equal(message.status, 'success', message.content);
    assert.match(message.content, /^stdout:\n\.\/nested\/b\.txt\n\.\/table\.csv\nnested file(\n|$)/, message.content);
  });

  test('a run writing a CSV and a PNG: the model is told, and both download byte-exact at /download/{artifact.session_id}/{id}', async () => {
    const message = await genA.invoke(tool, { lang: 'py', code: CSV_AND_PNG });
    const { artifact } = message;
    const hashes = printedHashes(message.content);
    assert.deepEqual(Object.keys(hashes).sort(), ['squares.csv', 'squares.png'], message.content);
    assert.deepEqual(artifact.files.map((f) => f.name).sort(), ['squares.csv', 'squares.png']);
    assert.ok(message.content.includes('- /mnt/data/squares.png | Image is already displayed to the user'), message.content);
    assert.ok(message.content.includes('- /mnt/data/squares.csv | File is already downloaded by the user'), message.content);

    const csv = fileByName(artifact, 'squares.csv');
    await assertDownloads({ baseUrl, sessionId: artifact.session_id, file: csv, expectedSha256: hashes['squares.csv'], contentType: 'text/csv', headers: keyHeader });
    const png = fileByName(artifact, 'squares.png');
    const { bytes } = await assertDownloads({ baseUrl, sessionId: artifact.session_id, file: png, expectedSha256: hashes['squares.png'], contentType: 'image/png', headers: keyHeader });
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  });

  test('ToolNode hands the first artifact to the next call: one file modified (modified_from), one inherited', async () => {
    const agent = genA.agent(tool);
    const first = await agent.call({
      lang: 'py',
      code: 'open("/mnt/data/edit.csv", "w").write("v,1\\n")\nopen("/mnt/data/keep.txt", "w").write("untouched\\n")\nprint("written")',
    });
    assert.equal(first.status, 'success', first.content);
    const edit1 = fileByName(first.artifact, 'edit.csv');
    const keep1 = fileByName(first.artifact, 'keep.txt');

    const second = await agent.call({
      lang: 'bash',
      code: 'cd /mnt/data && ls && cat keep.txt && echo "v,2" >> edit.csv',
    });
    assert.equal(second.status, 'success', second.content);
    assert.match(second.content, /^stdout:\nedit\.csv\nkeep\.txt\nuntouched\n/, second.content);
    const edit2 = fileByName(second.artifact, 'edit.csv');
    const keep2 = fileByName(second.artifact, 'keep.txt');
    assert.notEqual(edit2.id, edit1.id, 'a changed input is a new file');
    assert.deepEqual(edit2.modified_from, { id: edit1.id, storage_session_id: first.artifact.session_id });
    assert.equal(keep2.inherited, true, `untouched input: ${JSON.stringify(keep2)}`);
    assert.equal(keep2.id, keep1.id);

    // Gen A has no notion of `inherited`: LibreChat <= 0.8.5 downloads every listed file with the top-level id.
    for (const file of second.artifact.files) {
      const response = await download({ baseUrl, sessionId: second.artifact.session_id, fileId: file.id, headers: keyHeader });
      assert.equal(response.status, 200, `GET /download/${second.artifact.session_id}/${file.id} (${file.name}) -> ${response.status}`);
    }

    // Gen A's ToolNode re-labels every ref with the latest exec session id; the next call must still find them.
    const third = await agent.call({ lang: 'bash', code: 'cat /mnt/data/edit.csv /mnt/data/keep.txt' });
    assert.match(third.content, /^stdout:\nv,1\nv,2\nuntouched(\n|$)/, third.content);
  });

  test('freshness: /files/{sid}?detail=summary, parsed as LibreChat does, finds uploads and outputs younger than 23 h', async () => {
    const reply = await upload([fileSource('fresh.csv', 'x\n1\n')], { entityId: ENTITY_ID });
    const uploaded = await getSessionInfoGenA(fileIdentifierGenA(reply, ENTITY_ID), { baseUrl, apiKey });
    assert.ok(uploaded.lastModified, `no summary entry starts with <sid>/<fileId>: ${JSON.stringify(uploaded.data)}`);
    assert.ok(checkIfActive(uploaded.lastModified), `lastModified ${uploaded.lastModified} is not younger than 23 h`);
    assert.ok(!Number.isNaN(Date.parse(uploaded.lastModified)));

    const run = await genA.invoke(tool, { lang: 'bash', code: 'echo out > /mnt/data/out.txt' });
    const out = fileByName(run.artifact, 'out.txt');
    const generated = await getSessionInfoGenA(`${run.artifact.session_id}/${out.id}`, { baseUrl, apiKey });
    assert.ok(generated.lastModified && checkIfActive(generated.lastModified), JSON.stringify(generated.data));
  });

  test('freshness: an unknown session lists as 200 [] (LibreChat then re-uploads), never 404', async () => {
    const info = await getSessionInfoGenA('AAAAAAAAAAAAAAAAAAAAA/BBBBBBBBBBBBBBBBBBBBB', { baseUrl, apiKey });
    assert.deepEqual(info.data, []);
    assert.equal(info.lastModified, undefined);
  });

  test('DELETE /files/{sid}/{fid}: 200, then the file is gone from the listing and the download; again: 404', async () => {
    const reply = await upload([fileSource('gone.txt', 'bye\n')]);
    const sid = reply.session_id;
    const fid = reply.files[0].fileId;
    const deleted = await deleteFile({ baseUrl, route: `files/${sid}/${fid}`, headers: keyHeader });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.data));
    assert.equal(deleted.data.message, 'File deleted successfully');
    assert.equal((await getSessionInfoGenA(`${sid}/${fid}`, { baseUrl, apiKey })).lastModified, undefined);
    assert.equal((await download({ baseUrl, sessionId: sid, fileId: fid, headers: keyHeader })).status, 404);
    assert.equal((await deleteFile({ baseUrl, route: `files/${sid}/${fid}`, headers: keyHeader })).status, 404);
  });

  test("read_file: LibreChat's own {lang:'bash', code:\"cat '/mnt/data/<name>'\", session_id, files} call", async () => {
    const reply = await upload([fileSource('my notes.txt', 'line one\nline two\n')]);
    const withRefs = await readFileCall({ baseUrl, name: 'my notes.txt', sessionId: reply.session_id, files: [refOf(reply)], headers: keyHeader });
    assert.equal(withRefs.status, 200, JSON.stringify(withRefs.data));
    assert.equal(withRefs.data.stdout, 'line one\nline two\n');
    assert.equal(withRefs.data.stderr, '');

    const sessionOnly = await readFileCall({ baseUrl, name: 'my notes.txt', sessionId: reply.session_id, headers: keyHeader });
    assert.equal(sessionOnly.status, 200, JSON.stringify(sessionOnly.data));
    assert.equal(sessionOnly.data.stdout, 'line one\nline two\n', 'session_id alone makes that session\'s files available');
  });
});
