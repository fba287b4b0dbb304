using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Tests.Sandbox;

public sealed class SandboxOptionsValidatorTests
{
    private static SandboxOptions Valid() => new() { JobsRoot = "/var/lib/code-interpreter/jobs", UidSlots = 4 };

    [Fact]
    public void Defaults_WithJobsRoot_AreValid()
    {
        Assert.True(new SandboxOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("jobs")]
    [InlineData("/var/lib/my jobs")]
    [InlineData("/var/lib/$jobs")]
    public void JobsRoot_MustBeAbsoluteAndShellSafe(string jobsRoot)
    {
        var options = Valid();
        options.JobsRoot = jobsRoot;

        Assert.True(new SandboxOptionsValidator().Validate(null, options).Failed);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1000, 4)]
    [InlineData(65530, 10)]
    [InlineData(60000, 0)]
    [InlineData(int.MaxValue - 1, 4)]
    public void UidRange_MustBeUnprivilegedAndAvoidNobody(int uidBase, int slots)
    {
        var options = Valid();
        options.UidBase = uidBase;
        options.UidSlots = slots;

        Assert.True(new SandboxOptionsValidator().Validate(null, options).Failed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a b")]
    public void CgroupName_MustBeASingleSafeName(string name)
    {
        var options = Valid();
        options.CgroupName = name;

        Assert.True(new SandboxOptionsValidator().Validate(null, options).Failed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sandbox-init")]
    [InlineData("/opt/ci/sandbox-init")]
    [InlineData("/usr/../opt/sandbox-init")]
    [InlineData("/usr//sandbox-init")]
    [InlineData("/usr/")]
    public void InitPath_MustBeANormalizedPathUnderUsr(string path)
    {
        var options = Valid();
        options.InitPath = path;

        var result = new SandboxOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Sandbox:InitPath", result.FailureMessage, StringComparison.Ordinal);
    }
}
