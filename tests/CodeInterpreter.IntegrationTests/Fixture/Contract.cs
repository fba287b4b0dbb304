using System.Globalization;
using System.Text.RegularExpressions;

namespace CodeInterpreter.IntegrationTests.Fixture;

/// <summary>Shared assertions for the contract's ids, timestamps and reply entries.</summary>
internal static partial class Contract
{
    [GeneratedRegex("^[A-Za-z0-9_-]{21}$")]
    private static partial Regex IdPattern();

    // ISO 8601 in UTC with a Z, e.g. 2026-11-26T10:00:00.000Z (fraction optional).
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex UtcTimestampPattern();

    /// <summary>Asserts a 21-char nanoid and returns it.</summary>
    public static string AssertId(JsonNode? node)
    {
        var id = node?.GetValue<string>();
        Assert.True(id is not null && IdPattern().IsMatch(id), $"not a 21-char [A-Za-z0-9_-] id: '{id}'");
        return id!;
    }

    /// <summary>A syntactically valid id that no one has (for 404 tests).</summary>
    public static string RandomId() =>
        Convert.ToBase64String(Guid.NewGuid().ToByteArray()).Replace('+', '-').Replace('/', '_')[..21];

    public static DateTimeOffset AssertUtcTimestamp(JsonNode? node)
    {
        var text = node?.GetValue<string>();
        Assert.True(text is not null && UtcTimestampPattern().IsMatch(text), $"not an ISO 8601 UTC timestamp with Z: '{text}'");
        return DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    public static string Str(this JsonNode? node, string field)
    {
        var value = node?[field];
        Assert.True(value is JsonValue, $"missing string \"{field}\" in {node?.ToJsonString()}");
        return value!.GetValue<string>();
    }

    public static long Num(this JsonNode? node, string field)
    {
        var value = node?[field];
        Assert.True(value is JsonValue, $"missing number \"{field}\" in {node?.ToJsonString()}");
        return value!.GetValue<long>();
    }

    public static JsonArray Files(this JsonObject reply) =>
        reply["files"] as JsonArray ?? throw new Xunit.Sdk.XunitException($"no \"files\" array in {reply.ToJsonString()}");

    /// <summary>The single entry of <c>files</c> with this name.</summary>
    public static JsonObject FileNamed(this JsonObject reply, string name) =>
        Assert.Single(reply.Files(), f => f?["name"]?.GetValue<string>() == name)!.AsObject();

    /// <summary>For attack programs that judge themselves: see <see cref="SelfReport.AssertContained"/>.</summary>
    public static void AssertSelfReportedContained(this JsonObject reply) =>
        SelfReport.AssertContained(reply.Str("stdout"), reply.Str("stderr"));

    /// <summary>Asserts a successful run: exit code 0 and the expected stdout.</summary>
    public static void AssertRan(this JsonObject reply, string expectedStdout)
    {
        Assert.True(reply.Str("stdout") == expectedStdout,
            $"stdout was not '{expectedStdout}'; reply: {reply.ToJsonString()}");
        Assert.Equal(0, reply["run"]?["code"]?.GetValue<int>());
    }
}
