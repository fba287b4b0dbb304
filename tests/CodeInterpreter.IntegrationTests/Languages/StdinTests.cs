namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>Programs that read stdin see EOF at once: no hang until the timeout, no input from anywhere.</summary>
[Collection(ServiceCollection.Name)]
public sealed class StdinTests(ServiceFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    public static TheoryData<string, string> ReadStdinPrograms => new()
    {
        { "py", "import sys\nprint('EOF' if sys.stdin.read() == '' else 'data')" },
        { "js", "const data = require('fs').readFileSync(0, 'utf8');\nconsole.log(data === '' ? 'EOF' : 'data');" },
        { "bash", "if read -r line; then echo data; else echo EOF; fi" },
        { "c", "#include <stdio.h>\nint main(void) { puts(getchar() == EOF ? \"EOF\" : \"data\"); return 0; }" },
        {
            "java",
            "public class Main {\n    public static void main(String[] args) throws Exception {\n"
            + "        System.out.println(System.in.read() == -1 ? \"EOF\" : \"data\");\n    }\n}"
        },
        {
            "go",
            "package main\n\nimport (\n    \"fmt\"\n    \"io\"\n    \"os\"\n)\n\nfunc main() {\n"
            + "    b, err := io.ReadAll(os.Stdin)\n    if err == nil && len(b) == 0 {\n        fmt.Println(\"EOF\")\n"
            + "    } else {\n        fmt.Println(\"data\")\n    }\n}"
        },
        { "r", "x <- readLines(file(\"stdin\"))\ncat(if (length(x) == 0) \"EOF\" else \"data\", \"\\n\", sep = \"\")" },
    };

    [LanguageTheory]
    [MemberData(nameof(ReadStdinPrograms))]
    public async Task Exec_ReadingStdin_SeesEof(string lang, string code)
    {
        await LanguageAvailability.RequireAsync(Client, lang);
        var body = ServiceApi.ExecBody(lang, code);
        // Well under the default 30 s: a program blocked on an open stdin fails fast and visibly.
        body["timeout"] = 15000;

        var reply = await Client.ExecAsync(body);

        reply.AssertRan("EOF\n");
    }
}
