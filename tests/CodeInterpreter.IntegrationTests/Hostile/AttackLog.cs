namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>One attack's outcome for the test output: how long it took, how the run ended, what it printed (clipped).</summary>
internal static class AttackLog
{
    private const int ClipAt = 2000;

    public static string Describe(string program, TimeSpan elapsed, JsonObject reply) =>
        $"{program}: {(long)elapsed.TotalMilliseconds} ms, status {reply["run"]?["status"]}, exit {reply["run"]?["code"]}, "
        + $"signal {reply["run"]?["signal"]}\nstdout: {Clip(reply.Str("stdout"))}\nstderr: {Clip(reply.Str("stderr"))}";

    private static string Clip(string text) => text.Length <= ClipAt ? text : text[..ClipAt] + $"... ({text.Length} chars)";
}
