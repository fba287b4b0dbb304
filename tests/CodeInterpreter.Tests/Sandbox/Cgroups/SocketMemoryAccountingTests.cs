using CodeInterpreter.Sandbox.Cgroups;

namespace CodeInterpreter.Tests.Sandbox.Cgroups;

public sealed class SocketMemoryAccountingTests
{
    [Theory]
    [InlineData("quiet cgroup.memory=nosocket", true)]
    [InlineData("cgroup.memory=nokmem,nosocket ro", true)]
    [InlineData("BOOT_IMAGE=/vmlinuz cgroup.memory=nokmem", false)]
    [InlineData("root=/dev/sda1 nosocket", false)]
    [InlineData("", false)]
    public void IsDisabledBy_FindsNosocketInTheCgroupMemoryOption(string commandLine, bool disabled)
    {
        Assert.Equal(disabled, SocketMemoryAccounting.IsDisabledBy(commandLine));
    }

    [Fact]
    public void IsCharged_NeverOnCgroupV1()
    {
        Assert.False(SocketMemoryAccounting.IsCharged("v1"));
        Assert.False(SocketMemoryAccounting.IsCharged("none"));
    }
}
