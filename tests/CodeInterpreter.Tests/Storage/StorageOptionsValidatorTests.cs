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

    [Fact]
    public void UnknownBackend_Fails()
    {
        var result = _validator.Validate(null, new StorageOptions { Root = "/x", Backend = "ftp" });

        Assert.Contains("must be 'local' or 's3', not 'ftp'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_WithBucketOnly_IsValid()
    {
        var options = new StorageOptions { Root = "/x", Backend = "s3", S3 = new() { Bucket = "librechat-files" } };

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.False(options.S3.UsesPathStyle);
        options.S3.Endpoint = "http://minio:9000";
        Assert.True(options.S3.UsesPathStyle);
    }

    [Theory]
    [InlineData("Bucket", "", "CODE_S3_BUCKET (Storage:S3:Bucket) is required")]
    [InlineData("Bucket", "Upper_Case", "CODE_S3_BUCKET")]
    [InlineData("Endpoint", "minio:9000", "CODE_S3_ENDPOINT (Storage:S3:Endpoint) must be an http(s) URL")]
    [InlineData("Endpoint", "http://key:secret@minio:9000", "CODE_S3_ENDPOINT")]
    [InlineData("AccessKey", "only-the-key", "CODE_S3_ACCESS_KEY (Storage:S3:AccessKey) and CODE_S3_SECRET_KEY must be set together")]
    [InlineData("KeyPrefix", "no-slash", "CODE_S3_KEY_PREFIX")]
    [InlineData("KeyPrefix", "/abs/", "CODE_S3_KEY_PREFIX")]
    [InlineData("MultipartThresholdMb", "4", "CODE_S3_MULTIPART_THRESHOLD_MB (Storage:S3:MultipartThresholdMb) must be between 5")]
    [InlineData("TimeoutSeconds", "0", "CODE_S3_TIMEOUT_SECONDS")]
    [InlineData("MaxRetries", "11", "CODE_S3_MAX_RETRIES")]
    [InlineData("OperationTimeoutSeconds", "5", "CODE_S3_OPERATION_TIMEOUT_SECONDS")]
    public void S3_BadSetting_FailsNamingTheVariable(string property, string value, string expected)
    {
        var s3 = new CodeInterpreter.Storage.S3.S3StorageOptions { Bucket = "ok-bucket" };
        var prop = typeof(CodeInterpreter.Storage.S3.S3StorageOptions).GetProperty(property)!;
        prop.SetValue(s3, prop.PropertyType == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value);

        var result = _validator.Validate(null, new StorageOptions { Root = "/x", Backend = "s3", S3 = s3 });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_SettingsAreIgnoredForTheLocalStore()
    {
        var options = new StorageOptions { Root = "/x", S3 = new() { Bucket = "", MultipartThresholdMb = 1 } };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void NegativeQuota_Fails_AndZeroTurnsALimitOff()
    {
        var off = new StorageOptions { Root = "/var/lib/ci/files", Quota = new() { TotalMb = 0, MinFreeMb = 0, PerUserMb = 0, PerKeyMb = 0 } };
        var negative = new StorageOptions { Root = "/var/lib/ci/files", Quota = new() { PerUserMb = -1 } };

        Assert.True(_validator.Validate(null, off).Succeeded);
        var result = _validator.Validate(null, negative);
        Assert.True(result.Failed);
        Assert.Contains("Quota:PerUserMb", result.FailureMessage, StringComparison.Ordinal);
    }
}
