// The per-language table, run through one generation's real tool. Shared by the Gen A and Gen C files.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ID_PATTERN } from './config.mjs';
import { languageAvailability } from './health.mjs';
import { ANSWER, LANGUAGES } from './languages.mjs';

/** The model text's stderr section, or null: the client writes it as `stderr:\n<text>` after stdout. */
const stderrSection = (content) => /(?:^|\n)stderr:\n([\s\S]*)$/.exec(content)?.[1] ?? null;

export async function defineLanguageSuite(generation, tool) {
  const unavailable = await languageAvailability();

  describe(`Gen ${generation.name}: every contract language`, { concurrency: 2 }, () => {
    for (const { code, hello, broken } of LANGUAGES) {
      const skip = unavailable(code) ?? false;

      test(`${code}: prints the known answer as stdout, no stderr section, no output files`, { skip }, async () => {
        const message = await generation.invoke(tool, { lang: code, code: hello });
        assert.match(message.content, new RegExp(`^stdout:\\n${ANSWER}(\\n|$)`), `model text: ${message.content}`);
        assert.ok(!message.content.includes('stderr:'), `no stderr section expected, model text: ${message.content}`);
        assert.match(message.artifact.session_id, ID_PATTERN);
        assert.deepEqual(message.artifact.files ?? [], [], 'the submitted source (and any build output) is not a file');
      });

      test(`${code}: a syntax error reaches the model as stderr text, not as a thrown error`, { skip }, async () => {
        const message = await generation.invoke(tool, { lang: code, code: broken });
        assert.ok(stderrSection(message.content)?.trim(), `a non-empty stderr section expected, model text: ${message.content}`);
        assert.ok(!message.content.includes(ANSWER), 'a program that does not build prints nothing');
      });
    }

    test('py: output on both streams shows stdout first, then stderr', { skip: unavailable('py') ?? false }, async () => {
      const code = 'import sys\nprint("to stdout")\nprint("to stderr", file=sys.stderr)\n';
      const message = await generation.invoke(tool, { lang: 'py', code });
      assert.match(message.content, /^stdout:\nto stdout\n+stderr:\nto stderr(\n|$)/, `model text: ${message.content}`);
    });

    test('py: no output at all gives the client\'s "Empty" notice and no stderr section', { skip: unavailable('py') ?? false }, async () => {
      const message = await generation.invoke(tool, { lang: 'py', code: 'x = 6 * 7\n' });
      assert.equal(message.content, "stdout: Empty. Ensure you're writing output explicitly.");
    });
  });
}
