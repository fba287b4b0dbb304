namespace CodeInterpreter.TestSupport;

/// <summary>
/// The S3-compatible store a test run started (./test.sh runs Swift on loopback; scripts/s3-test-store.sh exports
/// CODE_TEST_S3_ENDPOINT, _REGION, _ACCESS_KEY and _SECRET_KEY).
/// </summary>
public static class S3TestStore
{
    public static string? Endpoint => Variable("CODE_TEST_S3_ENDPOINT");

    public static string Region => Variable("CODE_TEST_S3_REGION") ?? "us-east-1";

    public static string AccessKey => Variable("CODE_TEST_S3_ACCESS_KEY") ?? "";

    public static string SecretKey => Variable("CODE_TEST_S3_SECRET_KEY") ?? "";

    /// <summary>The endpoint, or an exception that says how to start the store.</summary>
    public static string RequiredEndpoint => Endpoint ?? throw new InvalidOperationException(
        "CODE_TEST_S3_ENDPOINT is not set: the S3 store was not started (scripts/s3-test-store.sh start)");

    /// <summary>Why S3 tests must be skipped here, or null when they run. Always null under CI=true: there they fail.</summary>
    public static string? SkipReason =>
        Endpoint is not null || TestEnvironment.IsCi
            ? null
            : "needs the test S3 store: run ./test.sh (it starts Swift on loopback), or `eval \"$(scripts/s3-test-store.sh start)\"` first";

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
