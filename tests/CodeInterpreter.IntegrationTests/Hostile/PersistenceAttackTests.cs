using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>Piston's classic check: nothing a run leaves in /tmp, /dev/shm, /var/tmp or $HOME reaches the next run.</summary>
[Collection(HostileCollection.Name)]
public sealed class PersistenceAttackTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    [SandboxFact]
    public async Task Exec_FilesLeftOutsideMntData_AreGoneInTheNextRun_AndMntDataCarriesOnlyThroughTheSession()
    {
        var mark = new Dictionary<string, string> { ["MARK"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) };
        var planted = await AttackAsync("persistence/plant.sh", placeholders: mark);
        Assert.Contains("planted /tmp", planted.Str("stdout"), StringComparison.Ordinal);
        Assert.Contains("planted /mnt/data", planted.Str("stdout"), StringComparison.Ordinal);

        var sameSession = await AttackAsync("persistence/check.sh", customize: b => b["session_id"] = planted.Str("session_id"), placeholders: mark);
        var fresh = await AttackAsync("persistence/check.sh", placeholders: mark);

        sameSession.AssertSelfReportedContained();
        fresh.AssertSelfReportedContained();
        Assert.Contains("mnt/data has it", sameSession.Str("stdout"), StringComparison.Ordinal);
        Assert.Contains("mnt/data does not have it", fresh.Str("stdout"), StringComparison.Ordinal);
        // The host's side: the sandbox's /tmp, /dev/shm and /var/tmp were its own, so the host's hold no mark.
        Assert.DoesNotContain(new[] { "/tmp", "/dev/shm", "/var/tmp", "/run/lock" }.Select(dir => $"{dir}/ci-planted-{mark["MARK"]}"), File.Exists);
        await AssertAftermathAsync();
    }
}
