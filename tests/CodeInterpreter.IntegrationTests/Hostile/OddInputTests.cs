namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Inputs that used to end in an unhandled 500 with a stack trace in the log: arguments the kernel refuses (E2BIG)
/// and a Java class name too long for a file. A user's mistake is a 4xx, or a 200 with the error in stderr when it
/// is the program's own; the log holds no stack trace either way.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class OddInputTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    public static TheoryData<string, int, int> OversizedArgs => new()
    {
        // One 200 KB argument: over the kernel's 128 KiB per argument.
        { "one 200 KB argument", 1, 200_000 },
        // 300 small ones: over the count.
        { "300 arguments", 300, 10 },
        // Five of 30 KB: each fits, together they do not.
        { "5 × 30 KB", 5, 30_000 },
    };

    [Theory]
    [MemberData(nameof(OversizedArgs))]
    public async Task Exec_OversizedArgs_Are400WithAReasonAndNoStackTrace(string label, int count, int length)
    {
        var mark = Service.LogMark;
        var body = ServiceApi.ExecBody("bash", "echo $#");
        body["args"] = new JsonArray([.. Enumerable.Range(0, count).Select(_ => JsonValue.Create(new string('a', length)))]);

        using var response = await Client.PostExecAsync(body);

        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest);
        Output.WriteLine($"{label}: {error.ToJsonString()}");
        Assert.Equal("Invalid args", error.Str("error"));
        ServiceLog.AssertNoStackTrace(Service.LogSince(mark));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_ArgsJustUnderTheCaps_AreAllPassedOn()
    {
        var body = ServiceApi.ExecBody("bash", "echo $# ${#1}");
        body["args"] = new JsonArray([.. Enumerable.Range(0, 3).Select(_ => JsonValue.Create(new string('a', 32 * 1024)))]);

        (await Client.ExecAsync(body)).AssertRan($"3 {32 * 1024}\n");
    }

    [SandboxFact]
    public async Task Exec_JavaPublicClassWithA300CharacterName_IsACompileErrorNotA500()
    {
        var mark = Service.LogMark;
        var name = "C" + new string('x', 299);
        var code = $"public class {name} {{ public static void main(String[] args) {{ System.out.println(\"ran\"); }} }}";

        var reply = await Client.ExecAsync("java", code);

        Output.WriteLine(reply.Str("stderr"));
        Assert.NotEqual("ran\n", reply.Str("stdout"));
        Assert.Contains(name, reply.Str("stderr"), StringComparison.Ordinal);
        ServiceLog.AssertNoStackTrace(Service.LogSince(mark));
        await AssertAftermathAsync();
    }
}
