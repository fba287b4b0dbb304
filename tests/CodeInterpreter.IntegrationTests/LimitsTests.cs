namespace CodeInterpreter.IntegrationTests;

/// <summary>Configured limits, on an instance started with tight CODE_* values (see <see cref="LimitsFixture"/>).</summary>
[Collection(LimitsCollection.Name)]
public sealed class LimitsTests(LimitsFixture fixture, ITestOutputHelper output) : ServiceTest(fixture.Service, output)
{
    [SandboxFact]
    public async Task Exec_InfiniteLoop_StopsAtConfiguredTimeoutAndNextRunSucceeds()
    {
        var reply = await Client.ExecAsync("py", "while True: pass");

        AssertTimedOutAt(reply, LimitsFixture.TimeoutSeconds);
        await Client.AssertStillServingAsync();
    }

    [SandboxFact]
    public async Task Exec_RequestTimeoutAboveMaximum_IsClamped()
    {
        var body = ServiceApi.ExecBody("bash", "while :; do :; done");
        body["timeout"] = 600_000;

        var reply = await Client.ExecAsync(body);

        AssertTimedOutAt(reply, LimitsFixture.MaxTimeoutSeconds);
    }

    [SandboxFact]
    public async Task Exec_MemoryBomb_FailsAndNextRunSucceeds()
    {
        const string Code = """
            hog = []
            while True:
                hog.append(b'x' * (64 * 1024 ** 2))
            print('survived')
            """;

        var reply = await Client.ExecAsync("py", Code);

        Output.WriteLine($"memory bomb stderr: {reply.Str("stderr")}");
        Assert.DoesNotContain("survived", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.NotEqual(0, reply["run"]?["code"]?.GetValue<int>());
        Assert.Contains($"Out of memory (limit {LimitsFixture.MemoryMb} MiB)", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.Equal("Memory limit exceeded", reply["run"]?["message"]?.GetValue<string>());
        await Client.AssertStillServingAsync();
    }

    [SandboxFact]
    public async Task Exec_ManyOutputFiles_AreCappedAtConfiguredMaximum()
    {
        var reply = await Client.ExecAsync("py", "for i in range(10): open(f'f{i}.txt', 'w').write(str(i))");

        Assert.InRange(reply.Files().Count, 1, LimitsFixture.MaxOutputFiles);
        foreach (var file in reply.Files())
        {
            await Client.DownloadAsync(reply.Str("session_id"), Contract.AssertId(file?["id"]));
        }
    }

    /// <summary>
    /// Killed by the wall timeout, and by the one expected: the reply names the limit it applied, and the run lasted
    /// at least that long (no stopwatch on the test's side, whose upper bound a loaded machine could break).
    /// </summary>
    private static void AssertTimedOutAt(JsonObject reply, int seconds)
    {
        Assert.Equal("TO", reply["run"].Str("status"));
        Assert.Contains($"Execution timed out after {seconds} s", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.True(reply.Num("wall_time_ms") >= (seconds * 1000) - 100, reply.ToJsonString());
    }

    [Fact]
    public async Task Upload_OverConfiguredLimit_Returns413()
    {
        using var form = ServiceApi.Form([("entity_id", "asst_itest")], ServiceApi.FilePart(new byte[2 << 20], "big.bin"));

        using var response = await Client.PostFormAsync("upload", form);

        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Upload_UnderConfiguredLimit_Succeeds()
    {
        var reply = await Client.UploadAsync("small.bin", new byte[256 << 10]);

        Assert.Equal(256 << 10, reply.Files()[0].Num("size"));
    }
}
