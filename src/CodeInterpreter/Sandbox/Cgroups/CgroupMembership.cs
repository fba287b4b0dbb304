
namespace CodeInterpreter.Sandbox.Cgroups;

/// <summary>The parsed <c>/proc/self/cgroup</c>: which cgroup this process is in, per controller.</summary>
internal sealed class CgroupMembership
{
    private readonly List<(string[] Controllers, string Path)> _hierarchies = [];

    private CgroupMembership()
    {
    }

    /// <summary>Our path in the v2 (unified) hierarchy, from the <c>0::/path</c> line.</summary>
    public string? UnifiedPath { get; private set; }

    public static CgroupMembership Parse(string procSelfCgroup)
    {
        var membership = new CgroupMembership();
        foreach (var line in procSelfCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // hierarchy-id:controller-list:path (the path itself may contain ':')
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }
            if (parts[0] == "0" && parts[1].Length == 0)
            {
                membership.UnifiedPath = parts[2];
            }
            else
            {
                membership._hierarchies.Add((parts[1].Split(','), parts[2]));
            }
        }
        return membership;
    }

    public static CgroupMembership ReadSelf() => Parse(File.ReadAllText("/proc/self/cgroup"));

    /// <summary>Our path in the v1 hierarchy that has <paramref name="controller"/>, or null.</summary>
    public string? PathOf(string controller) => Find(controller)?.Path;

    /// <summary>All controllers co-mounted with <paramref name="controller"/> (e.g. cpu,cpuacct), or null.</summary>
    public IReadOnlyList<string>? ComountedWith(string controller) => Find(controller)?.Controllers;

    private (string[] Controllers, string Path)? Find(string controller)
    {
        foreach (var hierarchy in _hierarchies)
        {
            if (hierarchy.Controllers.Contains(controller))
            {
                return hierarchy;
            }
        }
        return null;
    }
}
