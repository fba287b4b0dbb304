namespace CodeInterpreter.TestSupport;

/// <summary>
/// The verdict of an attack program that judges itself: one line per attempt, <c>CONTAINED …</c> or <c>ESCAPED …</c>,
/// then <c>DONE</c>. Only as good as the program's own view; where the host can see the outcome, the test checks there too.
/// </summary>
public static class SelfReport
{
    /// <summary>It ran to the end (DONE), said CONTAINED at least once and ESCAPED nowhere (stdout or stderr).</summary>
    public static void AssertContained(string stdout, string stderr)
    {
        var all = stdout + stderr;
        Assert.False(all.Contains("ESCAPED", StringComparison.Ordinal), $"an attack succeeded:\n{all}");
        Assert.Contains("CONTAINED", stdout, StringComparison.Ordinal);
        Assert.Contains("DONE", stdout, StringComparison.Ordinal);
    }
}
