namespace CodeInterpreter.TestSupport;

/// <summary>How the test run was started.</summary>
public static class TestEnvironment
{
    /// <summary>
    /// CI=true (./test.sh in CI, <c>.ci/run</c>): nothing may be skipped for a missing capability; a test that cannot
    /// run fails instead, and test.sh fails a summary that is not "0 skipped".
    /// </summary>
    public static bool IsCi => Environment.GetEnvironmentVariable("CI") == "true";
}
