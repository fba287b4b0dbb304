using System.Text;
using System.Text.Json;
using CodeInterpreter.Execution.Programmatic;

namespace CodeInterpreter.Tests.Execution.Programmatic;

public sealed class ToolCallProtocolTests
{
    [Fact]
    public void ABatch_IsParsed_AndAMissingInputIsAnEmptyObject()
    {
        var calls = ToolCallProtocol.Parse(Encoding.UTF8.GetBytes("""{"calls":[{"name":"a","input":{"x":[1,2]}},{"name":"b"}]}"""))!;
        Assert.Equal(["a", "b"], calls.Select(c => c.Identifier));
        Assert.Equal(2, calls[0].Input.GetProperty("x").GetArrayLength());
        Assert.Equal(JsonValueKind.Object, calls[1].Input.ValueKind);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""{"calls":[{"input":{}}]}""")]
    [InlineData("""{"calls":[{"name":1}]}""")]
    [InlineData("""{"calls":[1]}""")]
    [InlineData("{")]
    public void AnythingElse_IsNoBatch(string line) => Assert.Null(ToolCallProtocol.Parse(Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void DeepNesting_IsRefused_NotAStackOverflow() =>
        Assert.Null(ToolCallProtocol.Parse(Encoding.UTF8.GetBytes("""{"calls":[{"name":"a","input":""" + new string('[', 5000) + new string(']', 5000) + "}]}")));

    [Fact]
    public void TheReply_HasOneResultPerCall_InOrder()
    {
        using var value = JsonDocument.Parse("""{"a":1}""");
        var line = Encoding.UTF8.GetString(ToolCallProtocol.Reply([(true, value.RootElement, null), (false, null, "boom"), (true, null, null)]));
        Assert.Equal("""{"results":[{"ok":true,"value":{"a":1}},{"ok":false,"error":"boom"},{"ok":true,"value":null}]}""", line);
    }
}
