using System.Security.Cryptography;
using System.Text;

namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>What a service instance's sandbox may leave on the host: job dirs, tmpfs mounts and job cgroups.</summary>
internal sealed class SandboxLeftovers(string dataDir)
{
    /// <summary>Job dirs are 24 lowercase hex characters under &lt;data dir&gt;/jobs.</summary>
    public IReadOnlyList<string> JobDirs() =>
        Directory.Exists(Path.Combine(dataDir, "jobs"))
            ? [.. Directory.EnumerateDirectories(Path.Combine(dataDir, "jobs")).Select(Path.GetFileName).OfType<string>()
                .Where(n => n.Length == 24 && n.All(char.IsAsciiHexDigitLower))]
            : [];

    /// <summary>Mount points below the data dir (each run's /mnt/data is a tmpfs there).</summary>
    public IReadOnlyList<string> Mounts() =>
        [.. File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(dataDir + "/", StringComparison.Ordinal))];

    /// <summary>Job cgroups: the children of the instance's cgroup directories (v1: one per controller; v2: but "service").</summary>
    public IReadOnlyList<string> JobCgroups() =>
        [.. InstanceCgroups().SelectMany(Directory.EnumerateDirectories).Where(d => Path.GetFileName(d) != "service")];

    /// <summary>The service names its cgroup after its data dir (EnvironmentVariableMap): found anywhere in the first levels of the hierarchy.</summary>
    private IEnumerable<string> InstanceCgroups()
    {
        var name = "code-interpreter-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDir))))[..10];
        var found = new List<string>();
        void Walk(string dir, int depth)
        {
            IEnumerable<string> children;
            try
            {
                children = Directory.EnumerateDirectories(dir).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
            foreach (var child in children)
            {
                if (Path.GetFileName(child) == name)
                {
                    found.Add(child);
                }
                else if (depth < 6)
                {
                    Walk(child, depth + 1);
                }
            }
        }
        Walk("/sys/fs/cgroup", 0);
        return found;
    }

    public string Describe() =>
        $"job dirs: [{string.Join(", ", JobDirs())}], mounts: [{string.Join(", ", Mounts())}], job cgroups: [{string.Join(", ", JobCgroups())}]";
}
