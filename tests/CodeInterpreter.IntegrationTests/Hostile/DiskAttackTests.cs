namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>Disk fills, sparse files, inode exhaustion, zip bombs and output caps: quotas hold, the collector stays bounded.</summary>
[Collection(HostileCollection.Name)]
public sealed class DiskAttackTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    [SandboxFact]
    public async Task Exec_FillingMntDataTmpAndDevShm_StopsAtTheQuotas()
    {
        var reply = await AttackAsync("disk/fill_dirs.py");

        reply.AssertSelfReportedContained();
        foreach (var (dir, quotaMb) in new[] { ("/mnt/data", HostileFixture.WorkDirMb), ("/tmp", HostileFixture.TmpMb), ("/dev/shm", HostileFixture.TmpMb) })
        {
            var line = reply.Str("stdout").Split('\n').Single(l => l.StartsWith($"CONTAINED fill {dir}: ENOSPC after ", StringComparison.Ordinal));
            var written = int.Parse(line.Split(' ')[^2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(written, quotaMb / 2, quotaMb);
        }
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_HugeSparseFile_IsRefusedAndTheLargestAllowedIsNotCollected()
    {
        var reply = await AttackAsync("disk/sparse_file.py");

        reply.AssertSelfReportedContained();
        Assert.DoesNotContain(reply.Files(), f => f.Str("name") == "sparse.bin");
        Assert.Contains("'sparse.bin' was not kept", reply.Str("stderr"), StringComparison.Ordinal);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_HundredThousandTinyFiles_HitTheInodeQuotaAndTheCollectorStaysBounded()
    {
        var reply = await AttackAsync("disk/many_files.py");

        reply.AssertSelfReportedContained();
        Assert.Contains("ENOSPC", reply.Str("stdout"), StringComparison.Ordinal);
        Assert.InRange(reply.Files().Count, 0, HostileFixture.MaxOutputFiles);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_ZipBombExtractedInside_StopsAtTheFileSizeLimit()
    {
        var reply = await AttackAsync("disk/zip_bomb.py");

        reply.AssertSelfReportedContained();
        Assert.DoesNotContain(reply.Files(), f => f.Str("name") == "bomb.bin");
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_OutputFileOverThePerFileCap_IsNotKeptAndTheOthersAre()
    {
        var reply = await AttackAsync("disk/big_output_file.py");

        var sid = reply.Str("session_id");
        var small = reply.FileNamed("small.txt");
        Assert.DoesNotContain(reply.Files(), f => f.Str("name") == "big.bin");
        Assert.Contains($"over the {HostileFixture.MaxOutputFileMb} MiB per-file limit", reply.Str("stderr"), StringComparison.Ordinal);
        Assert.Equal("small"u8.ToArray(), await Client.DownloadAsync(sid, small.Str("id")));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_MoreOutputFilesThanTheCap_KeepsOnlyTheCap()
    {
        var reply = await AttackAsync("disk/many_output_files.py");

        Assert.Equal(HostileFixture.MaxOutputFiles, reply.Files().Count);
        Assert.Contains($"only {HostileFixture.MaxOutputFiles} new or changed files are kept", reply.Str("stderr"), StringComparison.Ordinal);
        var listed = Assert.IsType<JsonArray>(await Client.GetJsonAsync($"files/{reply.Str("session_id")}?detail=normalized"));
        Assert.Equal(HostileFixture.MaxOutputFiles, listed.Count);
        await AssertAftermathAsync();
    }
}
