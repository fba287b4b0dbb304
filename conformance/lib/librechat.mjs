// LibreChat's own server-side calls to the code API, which live in LibreChat (api/server/services/Files/Code/)
// and not in the client library: uploads (axios + form-data, as crud.js does), the freshness checks
// before a file is reused, the download proxy and the `read_file` tool. Reproduced here by shape only.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import axios from 'axios';
import FormData from 'form-data';
import { USER_ID } from './config.mjs';

const MAX_FILE_SIZE = 150 * 1024 * 1024;
const USER_AGENT = 'LibreChat/1.0';
const scratch = mkdtempSync(join(tmpdir(), 'conformance-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/**
 * axios with its errors stripped: an AxiosError carries the request config (the key header, a URL with the
 * key in it) and the test reporter would print it. Keys never reach the log.
 */
async function send(config) {
  try {
    return await axios(config);
  } catch (error) {
    const route = new URL(config.url).pathname;
    throw new Error(`${config.method.toUpperCase()} ${route} failed: ${error.response?.status ?? error.code ?? error.message}`);
  }
}

/**
 * A file as LibreChat streams it into the form: from disk (local file strategy: form-data knows its length)
 * or from a plain stream (S3 and the like: sent chunked). `filepath` is how LibreChat keeps a nested name,
 * since form-data strips directories from a bare filename.
 */
export function fileSource(name, content, { fromDisk = true, filepath } = {}) {
  const bytes = Buffer.from(content);
  return { name, bytes, fromDisk, filepath };
}

function appendFile(form, source, index) {
  let stream;
  if (source.fromDisk) {
    const path = join(scratch, `${Date.now()}-${index}-${source.name.replaceAll('/', '_')}`);
    writeFileSync(path, source.bytes);
    stream = createReadStream(path);
  } else {
    stream = Readable.from([source.bytes]);
  }
  const options = source.filepath ? { filename: source.name, filepath: source.filepath } : source.name;
  form.append('file', stream, options);
}

async function postForm(baseUrl, route, form, headers) {
  return send({
    method: 'post',
    url: `${baseUrl}/${route}`,
    data: form,
    headers: {
      ...form.getHeaders(),
      'Content-Type': 'multipart/form-data', // crud.js sets this too; axios restores the boundary
      'User-Agent': USER_AGENT,
      'User-Id': USER_ID,
      ...headers,
    },
    maxContentLength: MAX_FILE_SIZE,
    maxBodyLength: MAX_FILE_SIZE,
    validateStatus: () => true,
  });
}

/** Gen A upload: `entity_id` (when the file belongs to an agent), then `file`; key in X-API-Key. */
export async function uploadGenA({ baseUrl, apiKey, entityId = '', files, batch = false }) {
  const form = new FormData();
  if (entityId.length > 0) form.append('entity_id', entityId);
  files.forEach((file, i) => appendFile(form, file, i));
  const response = await postForm(baseUrl, batch ? 'upload/batch' : 'upload', form, { 'X-API-Key': apiKey });
  return { status: response.status, data: response.data };
}

/** crud.js's file identifier: `<session_id>/<fileId>`, plus `?entity_id=` when there was one. */
export function fileIdentifierGenA(reply, entityId = '', index = 0) {
  const identifier = `${reply.session_id}/${reply.files[index].fileId}`;
  return entityId.length === 0 ? identifier : `${identifier}?entity_id=${entityId}`;
}

/**
 * Gen C upload: `kind`, `id`, `version?`, `read_only?`, then the `file` part(s). No key header by default:
 * the operator's key travels in the base URL (axios turns it into Basic auth) or in `headers`.
 */
export async function uploadGenC({ baseUrl, kind, id, version, readOnly, files, batch = false, headers = {} }) {
  const form = new FormData();
  form.append('kind', kind);
  form.append('id', id);
  if (version != null) form.append('version', String(version));
  if (readOnly != null) form.append('read_only', String(readOnly));
  files.forEach((file, i) => appendFile(form, file, i));
  const response = await postForm(baseUrl, batch ? 'upload/batch' : 'upload', form, headers);
  return { status: response.status, data: response.data };
}

/**
 * Gen A freshness check (LibreChat <= 0.8.5, Files/Code/process.js): list the session's files with
 * detail=summary and take the `lastModified` of the first entry whose name starts with `<sid>/<fileId>`.
 */
export async function getSessionInfoGenA(fileIdentifier, { baseUrl, apiKey }) {
  const [path, queryString] = fileIdentifier.split('?');
  const sessionId = path.split('/')[0];
  const queryParams = queryString ? Object.fromEntries(new URLSearchParams(queryString).entries()) : {};
  const response = await send({
    method: 'get',
    url: `${baseUrl}/files/${sessionId}`,
    params: { detail: 'summary', ...queryParams },
    headers: { 'User-Agent': USER_AGENT, 'X-API-Key': apiKey },
    timeout: 5000,
  });
  return { data: response.data, lastModified: response.data.find((file) => file.name.startsWith(path))?.lastModified };
}

/** LibreChat re-uploads a file whose `lastModified` is 23 hours old or more. */
export function checkIfActive(dateString) {
  const hoursPassed = (new Date() - new Date(dateString)) / (1000 * 60 * 60);
  return hoursPassed < 23;
}

/** Gen C freshness check: one object of a storage session. */
export async function getObjectGenC({ baseUrl, sessionId, fileId, params, headers = {} }) {
  const response = await send({
    method: 'get',
    url: `${baseUrl}/sessions/${sessionId}/objects/${fileId}`,
    params,
    headers: { 'User-Agent': USER_AGENT, ...headers },
    timeout: 5000,
    validateStatus: () => true,
  });
  return { status: response.status, data: response.data };
}

/** LibreChat's download proxy fetches `/download/<session>/<file>` (15 s timeout) and copies the headers. */
export async function download({ baseUrl, sessionId, fileId, headers = {} }) {
  const response = await send({
    method: 'get',
    url: `${baseUrl}/download/${sessionId}/${fileId}`,
    responseType: 'arraybuffer',
    headers: { 'User-Agent': USER_AGENT, ...headers },
    timeout: 15000,
    validateStatus: () => true,
  });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(response.data) };
}

/** LibreChat's own `read_file` tool posts straight to /exec: `cat` of one file of the code session. */
export async function readFileCall({ baseUrl, name, sessionId, files, headers = {} }) {
  const body = { lang: 'bash', code: `cat '/mnt/data/${name}'`, session_id: sessionId };
  if (files) body.files = files;
  return postExec({ baseUrl, body, headers });
}

/** A raw POST /exec (for the calls LibreChat makes without the tool, and for setting up load). */
export async function postExec({ baseUrl, body, headers = {}, signal }) {
  const response = await send({
    method: 'post',
    url: `${baseUrl}/exec`,
    data: body,
    headers: { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT, ...headers },
    validateStatus: () => true,
    signal,
  });
  return { status: response.status, data: response.data };
}

/** Deleting a file: Gen A `DELETE /files/<session>/<file>`, Gen C `DELETE /sessions/<session>/objects/<file>`. */
export async function deleteFile({ baseUrl, route, headers = {} }) {
  const response = await send({
    method: 'delete',
    url: `${baseUrl}/${route}`,
    headers: { 'User-Agent': USER_AGENT, ...headers },
    validateStatus: () => true,
  });
  return { status: response.status, data: response.data };
}
