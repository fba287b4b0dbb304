using CodeInterpreter.Sandbox.Cgroups;

namespace CodeInterpreter.Tests.Sandbox.Cgroups;

public sealed class CgroupMembershipTests
{
    [Fact]
    public void Parse_HybridHost()
    {
        var membership = CgroupMembership.Parse(
            "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/d87\n2:cpu,cpuacct:/x:y\n0::/\n");

        Assert.Equal("/process_api/d87", membership.PathOf("memory"));
        Assert.Equal("/", membership.PathOf("pids"));
        Assert.Equal("/x:y", membership.PathOf("cpuacct"));
        Assert.Equal(["cpu", "cpuacct"], membership.ComountedWith("cpuacct"));
        Assert.Equal("/", membership.UnifiedPath);
        Assert.Null(membership.PathOf("blkio"));
    }

    [Fact]
    public void Parse_PureV2Host()
    {
        var membership = CgroupMembership.Parse("0::/system.slice/code-interpreter.service\n");

        Assert.Equal("/system.slice/code-interpreter.service", membership.UnifiedPath);
        Assert.Null(membership.PathOf("memory"));
    }
}
