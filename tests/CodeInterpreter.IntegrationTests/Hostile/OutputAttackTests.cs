using System.Diagnostics;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Outputs that attack the host (the Judge0 CVE-2024-28185/28189 class): links, hard links, FIFOs, devices, loops and
/// hostile names. None may be followed, stored, served, or hang the collector; only the real files come back.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class OutputAttackTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    [SandboxFact]
    public async Task Exec_SymlinksToHostFilesAndTheStore_AreNotFollowedOrServed()
    {
        var reply = await AttackAsync("outputs/symlinks.py");

        await AssertOnlyAsync(reply, ("real.txt", "real"));
        Assert.Contains("'shadow.txt' skipped: symbolic link", reply.Str("stderr"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_SymlinkToAnotherJobsDirectory_IsNotFollowed()
    {
        var reply = await AttackAsync("outputs/other_job_link.py");

        await AssertOnlyAsync(reply, ("real.txt", "real"));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_HardLinksToFilesOutsideTheWorkDir_AreImpossible()
    {
        var reply = await AttackAsync("outputs/hardlink.py");

        reply.AssertSelfReportedContained();
        await AssertOnlyAsync(reply, ("mine.txt", "mine"), ("mine2.txt", "mine"));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_FifosSocketsAndDeviceNodes_AreSkippedWithoutHanging()
    {
        var clock = Stopwatch.StartNew();

        var reply = await AttackAsync("outputs/special_files.py");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        reply.AssertSelfReportedContained();
        await AssertOnlyAsync(reply, ("real.txt", "real"));
        Assert.Contains("'plot.png' skipped: FIFO", reply.Str("stderr"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_SymlinkLoops_DoNotHangTheCollector()
    {
        var clock = Stopwatch.StartNew();

        var reply = await AttackAsync("outputs/link_loops.py");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        await AssertOnlyAsync(reply, ("d1/d2/real.txt", "real"));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_HostileNames_AreRefusedOrServedWithSafeHeaders()
    {
        var reply = await AttackAsync("outputs/hostile_names.py");

        reply.AssertSelfReportedContained();
        var kept = reply.Files().Select(f => f.Str("name")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["..hidden", "quote\".txt", "ünïcödé.txt"], kept);
        Assert.Contains("'carriage??Set-Cookie: pwned=1.txt' was not kept", reply.Str("stderr"), StringComparison.Ordinal);
        foreach (var file in reply.Files())
        {
            using var response = await Client.GetAsync($"download/{reply.Str("session_id")}/{file.Str("id")}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("named", await response.Content.ReadAsStringAsync());
            Assert.False(response.Headers.Contains("Set-Cookie"));
            var disposition = response.Content.Headers.GetValues("Content-Disposition").Single();
            Assert.DoesNotContain('\r', disposition);
            Assert.DoesNotContain('\n', disposition);
            Assert.Equal(2, disposition.Count(c => c == '"'));
        }
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_TwentyLevelsAndOverlongPaths_AreSkipped()
    {
        var reply = await AttackAsync("outputs/deep_nesting.py");

        await AssertOnlyAsync(reply, ("shallow.txt", "shallow"));
        Assert.Contains("nested deeper than", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.Contains("path longer than", reply.Str("stderr"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    /// <summary>The reply and the session listing hold exactly these files, each downloading its own content.</summary>
    private async Task AssertOnlyAsync(JsonObject reply, params (string Name, string Content)[] expected)
    {
        Assert.True(reply["run"]?["code"]?.GetValue<int>() == 0, $"the program failed: {reply.Str("stderr")}");
        var sid = reply.Str("session_id");
        Assert.Equal(expected.Select(e => e.Name).Order(StringComparer.Ordinal), reply.Files().Select(f => f.Str("name")).Order(StringComparer.Ordinal));
        var listed = Assert.IsType<JsonArray>(await Client.GetJsonAsync($"files/{sid}?detail=normalized"));
        Assert.Equal(expected.Length, listed.Count);
        foreach (var file in reply.Files())
        {
            var content = expected.Single(e => e.Name == file.Str("name")).Content;
            Assert.Equal(content, System.Text.Encoding.UTF8.GetString(await Client.DownloadAsync(sid, file.Str("id"))));
        }
    }
}
