using CodeInterpreter.Storage;

namespace CodeInterpreter.Tests.Storage;

public sealed class StorageOptionsValidatorTests
{
    private readonly StorageOptionsValidator _validator = new();

    [Fact]
    public void Defaults_WithRoot_AreValid()
    {
        var options = new StorageOptions { Root = "/var/lib/ci/files" };

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromHours(24), options.SessionTtl);
        Assert.Equal(TimeSpan.FromMinutes(10), options.SweepInterval);
    }

    [Fact]
    public void MissingRoot_Fails()
    {
        var result = _validator.Validate(null, new StorageOptions());

        Assert.True(result.Failed);
        Assert.Contains("Root", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 600)]
    [InlineData(-1, 600)]
    [InlineData(86400, 0)]
    [InlineData(86400, -5)]
    public void NonPositiveDurations_Fail(int ttlSeconds, int sweepSeconds)
    {
        var options = new StorageOptions
        {
            Root = "/data/files",
            SessionTtl = TimeSpan.FromSeconds(ttlSeconds),
            SweepInterval = TimeSpan.FromSeconds(sweepSeconds),
        };

        Assert.True(_validator.Validate(null, options).Failed);
    }

    [Fact]
    public void AbsurdDurations_Fail()
    {
        var options = new StorageOptions { Root = "/data/files", SessionTtl = TimeSpan.MaxValue, SweepInterval = TimeSpan.FromDays(60) };

        var result = _validator.Validate(null, options);

        Assert.Equal(2, result.Failures!.Count());
    }
}
