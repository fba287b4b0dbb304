using CodeInterpreter.Hosting.Connections;

namespace CodeInterpreter.Tests.Hosting;

public sealed class ConnectionLimitsTests
{
    [Fact]
    public void DerivedLimit_LeavesTheRunsTheirDescriptors()
    {
        var budget = DescriptorBudget.Compute(limit: 20_000, hardLimit: 20_000, runs: 4, configuredMaxConnections: 0);

        Assert.True(budget.Derived);
        Assert.InRange(budget.MaxConnections, 5_000, 6_500);
        Assert.False(budget.IsLow);
        Assert.True(budget.Reserved + budget.ForConnections <= 20_000);
        Assert.Equal(budget.MaxConnections + budget.RefusalSlots, budget.KestrelLimit);
    }

    [Fact]
    public void DerivedLimit_IsCappedOnHostsThatAllowMillions()
    {
        var budget = DescriptorBudget.Compute(1_048_576, 1_048_576, runs: 64, configuredMaxConnections: 0);

        Assert.Equal(DescriptorBudget.DerivedCeiling, budget.MaxConnections);
        Assert.False(budget.IsLow);
    }

    [Fact]
    public void ALowLimit_IsFlagged()
    {
        Assert.True(DescriptorBudget.Compute(1024, 1024, runs: 4, configuredMaxConnections: 5000).IsLow);
        // Too low for even the floor of a derived limit.
        var tiny = DescriptorBudget.Compute(600, 600, runs: 4, configuredMaxConnections: 0);
        Assert.Equal(DescriptorBudget.DerivedFloor, tiny.MaxConnections);
        Assert.True(tiny.IsLow);
    }

    [Fact]
    public void ASetLimit_IsKept()
    {
        var budget = DescriptorBudget.Compute(20_000, 20_000, runs: 4, configuredMaxConnections: 40);

        Assert.Equal((40, false, 5), (budget.MaxConnections, budget.Derived, budget.RefusalSlots));
    }

    [Theory]
    [InlineData(-1, 128, 10)]
    [InlineData(0, -1, 10)]
    [InlineData(0, 128, 0)]
    [InlineData(0, 128, 3601)]
    public void Validator_RefusesOutOfRangeValues(int max, int perAddress, int keepAlive)
    {
        var options = new ConnectionOptions { MaxConnections = max, MaxConnectionsPerAddress = perAddress, KeepAliveTimeoutSeconds = keepAlive };

        Assert.True(new ConnectionOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void Validator_AcceptsTheDefaults() => Assert.True(new ConnectionOptionsValidator().Validate(null, new ConnectionOptions()).Succeeded);

    [Fact]
    public void RaisingTheLimit_ReachesTheHardLimit()
    {
        var (soft, hard) = DescriptorLimit.RaiseSoftToHard();

        Assert.True(soft > 0 && soft == hard, $"soft {soft}, hard {hard}");
        Assert.True(DescriptorLimit.OpenNow() > 2);
    }
}
