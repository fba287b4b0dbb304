namespace CodeInterpreter.IntegrationTests.Fixture;

/// <summary>Counts host processes, to see that a fork bomb's children are really gone after the run.</summary>
internal static class HostProcesses
{
    public static int Count() =>
        Directory.EnumerateDirectories("/proc").Count(dir => Path.GetFileName(dir).All(char.IsAsciiDigit));

    /// <summary>Waits up to <paramref name="timeout"/> for the count to fall to <paramref name="limit"/> or below.</summary>
    public static async Task<int> WaitForAtMostAsync(int limit, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var count = Count();
        while (count > limit && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            count = Count();
        }
        return count;
    }
}
