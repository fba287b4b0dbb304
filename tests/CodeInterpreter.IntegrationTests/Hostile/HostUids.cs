using System.Globalization;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>Live host processes whose real uid is one of the instance's sandbox uids (zombies excluded).</summary>
internal static class HostUids
{
    public static List<string> LiveProcesses(int uidBase, int slots)
    {
        List<string> found = [];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var status = File.ReadAllLines(Path.Combine(dir, "status"));
                string Field(string name) => status.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?
                    .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] ?? "";
                if (int.TryParse(Field("Uid"), NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                    && uid >= uidBase && uid < uidBase + slots && !Field("State").StartsWith('Z'))
                {
                    found.Add($"{pid} {Field("Name")} uid {uid} state {Field("State")}");
                }
            }
            catch (IOException)
            {
                // exited while we looked
            }
        }
        return found;
    }

    /// <summary>Polls until none is left or <paramref name="timeout"/> passes; returns what is left.</summary>
    public static async Task<List<string>> WaitForNoneAsync(int uidBase, int slots, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var left = LiveProcesses(uidBase, slots);
        while (left.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            left = LiveProcesses(uidBase, slots);
        }
        return left;
    }
}
