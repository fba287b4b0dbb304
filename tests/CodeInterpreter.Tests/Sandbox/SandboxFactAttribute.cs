
namespace CodeInterpreter.Tests.Sandbox;

/// <summary>
/// A test that needs the real sandbox (root and /usr/bin/bwrap). Skipped with a reason elsewhere, except in CI
/// (CI=true), where it always runs so a broken sandbox fails the build instead of being skipped quietly.
/// </summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            return;
        }
        if (!OperatingSystem.IsLinux())
        {
            Skip = "The sandbox needs Linux.";
        }
        else if (!Environment.IsPrivilegedProcess)
        {
            Skip = "Sandbox tests need root (tmpfs mounts, cgroups, uid switching); run as root or set CI=true.";
        }
        else if (!File.Exists("/usr/bin/bwrap"))
        {
            Skip = "Sandbox tests need bubblewrap at /usr/bin/bwrap (apt-get install bubblewrap).";
        }
    }
}
