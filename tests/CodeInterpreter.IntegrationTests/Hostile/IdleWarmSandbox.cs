namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// What an instance's sandbox uids may hold between runs with the warm pool on: exactly one idle warm sandbox, the
/// service's <c>bwrap</c>, the sandbox's pid 1 <c>sandbox-init</c> and the <c>python3</c> runner stopped (state T) after its
/// warm-up, all under one uid. Anything else is a survivor of an earlier run.
/// </summary>
internal static class IdleWarmSandbox
{
    /// <summary>Null when <paramref name="live"/> is exactly one idle warm sandbox's tree; otherwise what is wrong.</summary>
    public static string? Mismatch(IReadOnlyList<HostProcess> live, int servicePid)
    {
        if (live.Count != 3)
        {
            return $"{live.Count} live processes of the sandbox uids, not the idle warm sandbox's 3";
        }
        var outer = live.SingleOrDefault(p => p.ParentPid == servicePid && p.Name == "bwrap");
        var init = outer is null ? null : live.SingleOrDefault(p => p.ParentPid == outer.Pid && p.Name == "sandbox-init");
        var runner = init is null ? null : live.SingleOrDefault(p => p.ParentPid == init.Pid && p.Name == "python3");
        if (runner is null)
        {
            return $"not one tree service ({servicePid}) → bwrap → sandbox-init → python3";
        }
        if (live.Any(p => p.Uid != runner.Uid))
        {
            return "the tree spans more than one uid";
        }
        return runner.State == 'T' ? null : $"the runner is in state {runner.State}, not stopped (T) as an idle warm runner is";
    }

    /// <summary>
    /// Asserts that the sandbox uids hold only one idle warm sandbox; on failure prints every process of those uids.
    /// No grace period: a refill starts only after the previous run was torn down (its processes killed and reaped,
    /// its cgroup emptied), so once the refilled sandbox is ready, anything else of those uids outlived its run.
    /// </summary>
    public static void AssertOnlyThis(int uidBase, int slots, int servicePid)
    {
        var live = HostProcess.LiveOfUids(uidBase, slots);
        var mismatch = Mismatch(live, servicePid);
        Assert.True(mismatch is null,
            $"survivors on the sandbox uids {uidBase}..{uidBase + slots - 1}: {mismatch}\n{HostProcess.Header}\n{string.Join('\n', live)}");
    }
}
