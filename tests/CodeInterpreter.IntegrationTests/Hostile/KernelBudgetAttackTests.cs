using System.Globalization;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// The host kernel's budgets that no namespace or job limit divides by itself: socket buffers, AIO contexts,
/// pseudo-terminals, open files. Each attack takes what it can while <see cref="HostKernelSampler"/> watches the host
/// from outside; the assertions are about the worst moment the host saw.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class KernelBudgetAttackTests(HostileFixture fixture, ITestOutputHelper output) : HostileTest(fixture, output)
{
    private const long MiB = 1024 * 1024;
    private const long JobLimit = HostileFixture.MemoryMb * MiB;
    private const int TimeoutMs = HostileFixture.MaxTimeoutSeconds * 1000;

    [SandboxFact]
    public async Task Exec_UnreadLoopbackTcpAndUdpBuffers_StayWithinTheJobsMemoryOrAreRefused()
    {
        await using var sampler = HostKernelSampler.Start();
        var placeholders = new Dictionary<string, string> { ["MEMORY_MB"] = HostileFixture.MemoryMb.ToString(CultureInfo.InvariantCulture) };

        var reply = await AttackAsync("resources/socket_buffers.c", TimeoutMs, placeholders: placeholders);
        var worst = await sampler.StopAsync();

        Output.WriteLine($"host before: {sampler.Baseline}\nhost worst:  {worst} ({sampler.Samples} samples)");
        // Refused (no inet sockets where the kernel cannot charge their buffers to the job), or charged: held within
        // the job's memory, or the job was killed at its limit. Never more than the job's whole limit.
        if (!reply.Str("stderr").Contains("Out of memory", StringComparison.Ordinal))
        {
            reply.AssertSelfReportedContained();
        }
        Assert.InRange(worst.TcpBytes - sampler.Baseline.TcpBytes, long.MinValue, JobLimit + 32 * MiB);
        Assert.InRange(worst.UdpBytes - sampler.Baseline.UdpBytes, long.MinValue, JobLimit + 32 * MiB);
        // MemAvailable moves with everything else on the host too: a loose bound, far below the 768 MiB per phase
        // the attack holds when its buffers are not charged.
        Assert.InRange(sampler.Baseline.MemAvailable - worst.MemAvailable, long.MinValue, 4 * JobLimit);
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_ExhaustingAioPtysAndOpenFiles_LeavesTheHostsBudgetsIntact()
    {
        await using var sampler = HostKernelSampler.Start();

        var reply = await AttackAsync("resources/kernel_budgets.c", TimeoutMs);
        var worst = await sampler.StopAsync();

        Output.WriteLine($"host before: {sampler.Baseline}\nhost worst:  {worst} ({sampler.Samples} samples)");
        reply.AssertSelfReportedContained();
        var stdout = reply.Str("stdout");
        Assert.Contains("CONTAINED aio: 0 contexts", stdout, StringComparison.Ordinal);
        Assert.Contains("CONTAINED ptys: 0", stdout, StringComparison.Ordinal);
        Assert.Contains("holding", stdout, StringComparison.Ordinal);
        // While the job held everything it could: the host could always set up AIO, and neither the AIO events nor
        // the pseudo-terminals shared with other containers moved (a little slack for the host's own use).
        Assert.Equal(0, worst.IoSetupFailures);
        Assert.InRange(worst.AioEvents - sampler.Baseline.AioEvents, long.MinValue, 4095);
        Assert.InRange(worst.Ptys - sampler.Baseline.Ptys, long.MinValue, 16);
        // Open files are bounded per job by RLIMIT_NOFILE × the process limit (and charged to its memory).
        const long filesBound = 1024L * (HostileFixture.MaxProcesses + 2);
        Assert.InRange(worst.OpenFiles - sampler.Baseline.OpenFiles, long.MinValue, filesBound);
        Assert.True(HostKernel.IoSetupWorks());
        await AssertAftermathAsync();
    }
}
