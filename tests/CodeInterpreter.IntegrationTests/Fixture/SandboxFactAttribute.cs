namespace CodeInterpreter.IntegrationTests.Fixture;

/// <summary>A test that runs code in the real sandbox: skipped without root or /usr/bin/bwrap, never when CI=true.</summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute() => Skip = SandboxRequirement.SkipReason();
}

/// <summary>The <see cref="SandboxFactAttribute"/> rule for theories.</summary>
public sealed class SandboxTheoryAttribute : TheoryAttribute
{
    public SandboxTheoryAttribute() => Skip = SandboxRequirement.SkipReason();
}

internal static class SandboxRequirement
{
    private const string Bwrap = "/usr/bin/bwrap";

    public static string? SkipReason()
    {
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            return null;
        }
        if (Environment.UserName != "root")
        {
            return $"needs root and bubblewrap: running as '{Environment.UserName}'";
        }
        return File.Exists(Bwrap) ? null : $"needs root and bubblewrap: {Bwrap} is missing";
    }
}
