// Gen C (LibreChat >= 0.8.6): files in and out. Uploads with kind/id fields, refs of the shape
// {id, storage_session_id, name, resource_id, kind, version?}, the per-object freshness check, downloads.
// The operator's key travels in LIBRECHAT_CODE_BASEURL (http://KEY@host:port/v1) for the tool and for
// LibreChat's own axios calls alike.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiKey, ID_PATTERN, serviceUrl, USER_ID, withKeyInUrl } from '../lib/config.mjs';
import { loadGenC } from '../lib/clients.mjs';
import { languageAvailability } from '../lib/health.mjs';
import { assertDownloads, CSV_AND_PNG, fileByName, printedHashes } from '../lib/artifacts.mjs';
import { checkIfActive, deleteFile, download, fileSource, getObjectGenC, readFileCall, uploadGenC } from '../lib/librechat.mjs';

const baseUrl = withKeyInUrl(serviceUrl, apiKey);
const genC = await loadGenC({ baseUrl });
const tool = genC.createTool({ user_id: USER_ID });
const skip = (await languageAvailability())('py') ?? false;
const AGENT_ID = 'agent_conformanceC01';
const SKILL_ID = '6650f0c3a1b2c3d4e5f6aaaa';

/** The ref LibreChat >= 0.8.6 primes from an upload (ToolNode's toInjectedFileRef shape). */
const refOf = (reply, { kind = 'user', resourceId = USER_ID, version, index = 0 } = {}) => ({
  id: reply.files[index].fileId,
  resource_id: resourceId,
  name: reply.files[index].filename,
  storage_session_id: reply.storage_session_id,
  kind,
  ...(version != null ? { version } : {}),
});

async function upload(files, options = {}) {
  const { status, data } = await uploadGenC({ baseUrl, kind: 'user', id: USER_ID, files, ...options });
  assert.equal(status, 200, `upload -> ${status} ${JSON.stringify(data)}`);
  assert.match(data.storage_session_id, ID_PATTERN);
  return data;
}

describe('Gen C: files', { skip }, () => {
  test('/upload with kind, id, then file: reply has storage_session_id (= session_id) and files[{fileId, filename}]', async () => {
    const reply = await upload([fileSource('notes.txt', 'hello from LibreChat\n')]);
    assert.equal(reply.message, 'success');
    assert.equal(reply.session_id, reply.storage_session_id);
    assert.match(reply.files[0].fileId, ID_PATTERN);
    assert.equal(reply.files[0].filename, 'notes.txt');
  });

  test('a run reads an uploaded file through {id, storage_session_id, name, resource_id, kind} refs', async () => {
    const reply = await upload([fileSource('notes.txt', 'hello from LibreChat\n')]);
    const message = await genC.invoke(
      tool,
      { lang: 'py', code: 'print(open("/mnt/data/notes.txt").read(), end="")' },
      { sessionId: reply.storage_session_id, files: [refOf(reply)] },
    );
    assert.match(message.content, /^stdout:\nhello from LibreChat(\n|$)/, message.content);
  });

  test('agent and skill files (version, read_only) upload and mount through refs of their kind', async () => {
    const agentReply = await upload([fileSource('agent.md', 'agent knowledge\n')], { kind: 'agent', id: AGENT_ID });
    const skillReply = await upload([fileSource('SKILL.md', 'skill body\n', { filepath: 'pdf-skill/SKILL.md' })], {
      kind: 'skill',
      id: SKILL_ID,
      version: 3,
      readOnly: true,
    });
    assert.equal(skillReply.files[0].filename, 'pdf-skill/SKILL.md');
    const files = [
      refOf(agentReply, { kind: 'agent', resourceId: AGENT_ID }),
      refOf(skillReply, { kind: 'skill', resourceId: SKILL_ID, version: 3 }),
    ];
    const message = await genC.invoke(
      tool,
      { lang: 'bash', code: 'cat /mnt/data/agent.md /mnt/data/pdf-skill/SKILL.md' },
      { sessionId: agentReply.storage_session_id, files },
    );
    assert.match(message.content, /^stdout:\nagent knowledge\nskill body(\n|$)/, message.content);
  });

  test('/upload/batch: kind, id, then many file parts (nested, chunked); the reply counts them; a run sees all', async () => {
    const reply = await upload(
      [
        fileSource('one.csv', 'a\n1\n'),
        fileSource('two.txt', 'second\n', { fromDisk: false }),
        fileSource('three.txt', 'third\n', { filepath: 'dir/three.txt' }),
      ],
      { batch: true },
    );
    assert.equal(reply.message, 'success');
    assert.equal(reply.session_id, reply.storage_session_id);
    assert.equal(reply.succeeded, 3);
    assert.equal(reply.failed, 0);
    assert.deepEqual(reply.files.map((f) => [f.status, f.filename]), [['success', 'one.csv'], ['success', 'two.txt'], ['success', 'dir/three.txt']]);

    const agent = genC.agent(tool, {
      session_id: reply.storage_session_id,
      files: reply.files.map((_, index) => refOf(reply, { index })),
    });
    const message = await agent.call({ lang: 'bash', code: 'cd /mnt/data && find . -type f | sort && cat dir/three.txt' });
    assert.equal(message.status, 'success', message.content);
    assert.match(message.content, /^stdout:\n\.\/dir\/three\.txt\n\.\/one\.csv\n\.\/two\.txt\nthird(\n|$)/, message.content);
  });

  test('a run writing a CSV and a PNG: both download byte-exact at /download/{artifact.session_id}/{id} and at their storage_session_id', async () => {
    const message = await genC.invoke(tool, { lang: 'py', code: CSV_AND_PNG });
    const { artifact } = message;
    const hashes = printedHashes(message.content);
    assert.deepEqual(artifact.files.map((f) => f.name).sort(), ['squares.csv', 'squares.png']);
    assert.match(message.content, /2 persisted file\(s\).*including 1 image\(s\)/, message.content);

    for (const [name, contentType] of [['squares.csv', 'text/csv'], ['squares.png', 'image/png']]) {
      const file = fileByName(artifact, name);
      await assertDownloads({ baseUrl, sessionId: artifact.session_id, file, expectedSha256: hashes[name], contentType });
      assert.match(file.storage_session_id, ID_PATTERN);
      await assertDownloads({ baseUrl, sessionId: file.storage_session_id, file, expectedSha256: hashes[name], contentType });
    }
  });

  test("a non-ASCII output name: Content-Disposition stays ASCII, with filename*=UTF-8'' (LibreChat copies it)", async () => {
    const name = 'résumé données.csv';
    const message = await genC.invoke(tool, { lang: 'bash', code: `printf 'a,b\\n' > '/mnt/data/${name}'` });
    const file = fileByName(message.artifact, name);
    const response = await download({ baseUrl, sessionId: message.artifact.session_id, fileId: file.id });
    assert.equal(response.status, 200);
    assert.equal(response.bytes.toString(), 'a,b\n');
    const disposition = String(response.headers['content-disposition']);
    assert.match(disposition, /^[\x20-\x7e]+$/, `a header Node.js can copy (no raw UTF-8): ${JSON.stringify(disposition)}`);
    assert.match(disposition, /^attachment;/);
    assert.ok(disposition.includes(`filename*=UTF-8''${encodeURIComponent(name)}`), disposition);
  });

  test('download: an unknown file is 404 {"error":"File not found"}; a malformed id is 400', async () => {
    const missing = await download({ baseUrl, sessionId: 'A'.repeat(21), fileId: 'C'.repeat(21) });
    assert.equal(missing.status, 404);
    assert.deepEqual(JSON.parse(missing.bytes.toString()), { error: 'File not found' });
    const malformed = await download({ baseUrl, sessionId: 'A'.repeat(21), fileId: 'not-an-id' });
    assert.equal(malformed.status, 400);
  });

  test('ToolNode hands the first artifact to the next call: one file modified (modified_from), one inherited', async () => {
    const agent = genC.agent(tool);
    const first = await agent.call({
      lang: 'py',
      code: 'open("/mnt/data/edit.csv", "w").write("v,1\\n")\nopen("/mnt/data/keep.txt", "w").write("untouched\\n")\nprint("written")',
    });
    assert.equal(first.status, 'success', first.content);
    const edit1 = fileByName(first.artifact, 'edit.csv');
    const keep1 = fileByName(first.artifact, 'keep.txt');

    const second = await agent.call({ lang: 'bash', code: 'cd /mnt/data && ls && cat keep.txt && echo "v,2" >> edit.csv' });
    assert.equal(second.status, 'success', second.content);
    assert.match(second.content, /^stdout:\nedit\.csv\nkeep\.txt\nuntouched\n/, second.content);
    const edit2 = fileByName(second.artifact, 'edit.csv');
    const keep2 = fileByName(second.artifact, 'keep.txt');
    assert.notEqual(edit2.id, edit1.id, 'a changed input is a new file');
    assert.deepEqual(edit2.modified_from, { id: edit1.id, storage_session_id: edit1.storage_session_id });
    assert.equal(keep2.inherited, true, `untouched input: ${JSON.stringify(keep2)}`);
    assert.equal(keep2.id, keep1.id);
    assert.equal(keep2.storage_session_id, keep1.storage_session_id, 'an inherited file keeps its storage session');

    const third = await agent.call({ lang: 'bash', code: 'cat /mnt/data/edit.csv /mnt/data/keep.txt' });
    assert.match(third.content, /^stdout:\nv,1\nv,2\nuntouched(\n|$)/, third.content);
  });

  test('freshness: GET /sessions/{sid}/objects/{fid} describes uploads and outputs, younger than 23 h', async () => {
    const reply = await upload([fileSource('fresh.csv', 'x\n1\n')]);
    const sid = reply.storage_session_id;
    const fid = reply.files[0].fileId;
    const object = await getObjectGenC({ baseUrl, sessionId: sid, fileId: fid });
    assert.equal(object.status, 200, JSON.stringify(object.data));
    assert.ok(object.data.name.startsWith(`${sid}/${fid}`), object.data.name);
    assert.equal(object.data.originalFilename, 'fresh.csv');
    assert.equal(object.data.size, 4);
    assert.ok(String(object.data.contentType).startsWith('text/csv'), object.data.contentType);
    assert.ok(object.data.etag);
    assert.ok(checkIfActive(object.data.lastModified), `lastModified ${object.data.lastModified}`);

    const withQuery = await getObjectGenC({ baseUrl, sessionId: sid, fileId: fid, params: { kind: 'user', id: USER_ID } });
    assert.equal(withQuery.status, 200, 'kind/id query parameters are accepted and ignored');

    const run = await genC.invoke(tool, { lang: 'bash', code: 'echo out > /mnt/data/out.txt' });
    const out = fileByName(run.artifact, 'out.txt');
    const generated = await getObjectGenC({ baseUrl, sessionId: out.storage_session_id, fileId: out.id });
    assert.equal(generated.status, 200, JSON.stringify(generated.data));
    assert.equal(generated.data.originalFilename, 'out.txt');
  });

  test('freshness: an unknown object is 404 {"error":"File not found"}; a deleted one too', async () => {
    const reply = await upload([fileSource('gone.txt', 'bye\n')]);
    const sid = reply.storage_session_id;
    const fid = reply.files[0].fileId;
    const unknown = await getObjectGenC({ baseUrl, sessionId: sid, fileId: 'CCCCCCCCCCCCCCCCCCCCC' });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.data, { error: 'File not found' });

    const deleted = await deleteFile({ baseUrl, route: `sessions/${sid}/objects/${fid}` });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.data));
    assert.equal(deleted.data.message, 'File deleted successfully');
    assert.equal((await getObjectGenC({ baseUrl, sessionId: sid, fileId: fid })).status, 404);
  });

  test('same name uploaded twice: with both refs mounted, the newest upload wins, whatever the ref order', async () => {
    const older = await upload([fileSource('data.csv', 'version,1\n')]);
    const newer = await upload([fileSource('data.csv', 'version,2\n')]);
    for (const files of [[refOf(older), refOf(newer)], [refOf(newer), refOf(older)]]) {
      const message = await genC.invoke(
        tool,
        { lang: 'bash', code: 'cat /mnt/data/data.csv' },
        { sessionId: newer.storage_session_id, files },
      );
      assert.match(message.content, /^stdout:\nversion,2(\n|$)/, `refs ${files.map((f) => f.id)}: ${message.content}`);
    }
  });

  test("read_file: LibreChat's own {lang:'bash', code:\"cat '/mnt/data/<name>'\", session_id, files} call", async () => {
    const reply = await upload([fileSource('my notes.txt', 'line one\nline two\n')]);
    const result = await readFileCall({ baseUrl, name: 'my notes.txt', sessionId: reply.storage_session_id, files: [refOf(reply)] });
    assert.equal(result.status, 200, JSON.stringify(result.data));
    assert.equal(result.data.stdout, 'line one\nline two\n');
    assert.equal(result.data.stderr, '');
  });
});
