using System.Globalization;

namespace CodeInterpreter.TestSupport;

/// <summary>
/// A host process as /proc shows it, printed like a line of <c>ps -o pid,ppid,uid,stat,comm,args</c>: the host-side
/// view that tells whether anything of a sandboxed run outlived it, whatever the run printed about itself.
/// </summary>
public sealed record HostProcess(int Pid, int ParentPid, int Uid, char State, string Name, string CommandLine)
{
    public const string Header = "    PID    PPID    UID S NAME            COMMAND";

    /// <summary>Zombies run nothing (an exited pid-1 helper waits for the host's init to reap it).</summary>
    public bool IsLive => State != 'Z';

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Pid,7} {ParentPid,7} {Uid,6} {State} {Name,-15} {CommandLine}");

    /// <summary>Every process on the host (zombies included), skipping those that exit while we look.</summary>
    public static List<HostProcess> All()
    {
        List<HostProcess> found = [];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } process)
            {
                found.Add(process);
            }
        }
        return found;
    }

    /// <summary>How many processes the host has (zombies included).</summary>
    public static int Count() =>
        Directory.EnumerateDirectories("/proc").Count(dir => Path.GetFileName(dir).All(char.IsAsciiDigit));

    /// <summary>Live (not zombie) processes whose real uid is in [uidBase, uidBase + count).</summary>
    public static List<HostProcess> LiveOfUids(int uidBase, int count = 1) =>
        [.. All().Where(p => p.IsLive && p.Uid >= uidBase && p.Uid < uidBase + count)];

    /// <summary>Live processes whose command line (arguments joined by spaces) starts with one of <paramref name="prefixes"/>.</summary>
    public static List<HostProcess> LiveRunning(params string[] prefixes) =>
        [.. All().Where(p => p.IsLive && prefixes.Any(prefix => p.CommandLine.StartsWith(prefix, StringComparison.Ordinal)))];

    /// <summary>
    /// Waits until no live process of those uids is left. A killed tree takes a moment to leave the process table
    /// after its cgroup is empty (a task leaves the cgroup before it finishes exiting), so "gone" is awaited, not
    /// sampled; only what is still there after <paramref name="timeout"/> fails, listed ps-style.
    /// </summary>
    public static Task AssertNoneLeftOfUidsAsync(int uidBase, int count, TimeSpan timeout) =>
        Poll.UntilAsync(() => LiveOfUids(uidBase, count), found => found.Count == 0, timeout,
            $"no live process of the sandbox uids {uidBase}..{uidBase + count - 1} (columns: {Header.Trim()})");

    private static HostProcess? Read(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            string Field(string name) => status.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?
                .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1].Trim() ?? "";
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').ReplaceLineEndings(" ").Trim();
            return new HostProcess(pid, Int(Field("PPid")), Int(Field("Uid")), Field("State") is [var s, ..] ? s : '?', Field("Name"),
                cmdline.Length <= 100 ? cmdline : cmdline[..100] + "…");
        }
        catch (IOException)
        {
            return null; // exited while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int Int(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : -1;
}
