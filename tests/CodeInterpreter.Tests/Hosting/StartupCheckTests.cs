using CodeInterpreter.Hosting;

namespace CodeInterpreter.Tests.Hosting;

public sealed class StartupCheckTests
{
    [Theory]
    [InlineData("Failed to convert configuration value 'abc' at 'Execution:MemoryMb' to type 'System.Int32'.",
        "CODE_MEMORY_MB (Execution:MemoryMb) must be a whole number, got 'abc'")]
    [InlineData("Failed to convert configuration value 'maybe' at 'Auth:Disabled' to type 'System.Boolean'.",
        "CODE_AUTH_DISABLED (Auth:Disabled) must be true or false, got 'maybe'")]
    [InlineData("Failed to convert configuration value 'x' at 'Storage:SessionTtl' to type 'System.TimeSpan'.",
        "CODE_SESSION_TTL_HOURS (Storage:SessionTtl) must be a number of hours, got 'x'")]
    [InlineData("Failed to convert configuration value 'soon' at 'Storage:SweepInterval' to type 'System.TimeSpan'.",
        "Storage:SweepInterval must be a duration such as 00:10:00, got 'soon'")]
    public void BinderFailure_IsWordedWithTheVariable(string binderMessage, string expected) =>
        Assert.Equal(expected, StartupCheck.Unconvertible(binderMessage));

    [Fact]
    public void OtherErrors_AreNotMistakenForConversions() =>
        Assert.Null(StartupCheck.Unconvertible("Unable to resolve service for type 'X'."));

    [Theory]
    [InlineData("CODE_SESSION_TTL_HOURS", "x", "x")]
    [InlineData("CODE_SESSION_TTL_HOURS", "1e300", "1e300")]
    [InlineData("CODE_SESSION_TTL_HOURS", "48", "2.00:00:00")]
    public void SessionTtl_NotANumber_IsPassedOnForValidationInsteadOfThrowing(string variable, string value, string expected) =>
        Assert.Equal(expected, EnvironmentVariableMap.Map(name => name == variable ? value : null)["Storage:SessionTtl"]);
}
