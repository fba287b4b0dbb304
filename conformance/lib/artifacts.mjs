// Checks on what a run hands back to LibreChat, shared by both generations.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ID_PATTERN } from './config.mjs';
import { download } from './librechat.mjs';

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A python program that writes a CSV and a PNG into /mnt/data and prints each file's sha256. */
export const CSV_AND_PNG = [
  'import csv, hashlib',
  'import matplotlib',
  'matplotlib.use("Agg")',
  'import matplotlib.pyplot as plt',
  'with open("/mnt/data/squares.csv", "w", newline="") as f:',
  '    w = csv.writer(f)',
  '    w.writerow(["n", "square"])',
  '    for n in range(10):',
  '        w.writerow([n, n * n])',
  'plt.plot(range(10), [n * n for n in range(10)])',
  'plt.savefig("/mnt/data/squares.png")',
  'for name in ("squares.csv", "squares.png"):',
  '    print(name, hashlib.sha256(open("/mnt/data/" + name, "rb").read()).hexdigest())',
].join('\n');

/** `name -> sha256` from the stdout of CSV_AND_PNG. */
export function printedHashes(stdout) {
  return Object.fromEntries([...stdout.matchAll(/^(\S+\.(?:csv|png)) ([0-9a-f]{64})$/gm)].map((m) => [m[1], m[2]]));
}

export function fileByName(artifact, name) {
  const file = (artifact.files ?? []).find((f) => f.name === name);
  assert.ok(file, `artifact has no file named ${name}: ${JSON.stringify(artifact.files)}`);
  assert.match(file.id, ID_PATTERN, 'LibreChat rejects file ids that are not 21 nanoid characters');
  return file;
}

/**
 * Downloads a file the way LibreChat's proxy does and checks it against the expected bytes' hash and the
 * headers LibreChat copies to the browser.
 */
export async function assertDownloads({ baseUrl, sessionId, file, expectedSha256, contentType, headers }) {
  const response = await download({ baseUrl, sessionId, fileId: file.id, headers });
  assert.equal(response.status, 200, `GET /download/${sessionId}/${file.id} -> ${response.status}`);
  if (expectedSha256) assert.equal(sha256(response.bytes), expectedSha256, `${file.name}: bytes differ`);
  assert.ok(String(response.headers['content-type']).startsWith(contentType), `content-type ${response.headers['content-type']}`);
  assert.equal(Number(response.headers['content-length']), response.bytes.length, 'content-length');
  const disposition = String(response.headers['content-disposition'] ?? '');
  assert.match(disposition, /^attachment;/, `content-disposition: ${disposition}`);
  const basename = file.name.split('/').pop();
  assert.ok(disposition.includes(`filename="${basename}"`), `content-disposition names the file: ${disposition}`);
  return response;
}
