using CodeInterpreter.Execution.Programmatic;

namespace CodeInterpreter.Tests.Execution.Programmatic;

/// <summary>
/// The names programs call tools by must be the client's to the character: the model is told them. Every row was
/// computed by the real client (@librechat/agents 3.9.2: normalizeToPythonIdentifier, normalizeToBashIdentifier);
/// the conformance suite calls tools by such names through that client too.
/// </summary>
public sealed class ToolIdentifiersTests
{
    [Theory]
    [InlineData("get_weather", "get_weather", "get_weather")]
    [InlineData("web-search", "web_search", "web_search")]
    [InlineData("web search", "web_search", "web_search")]
    [InlineData("a.b", "ab", "a_b")]
    [InlineData("2fa", "_2fa", "_2fa")]
    [InlineData("class", "class_tool", "class")]
    [InlineData("for", "for_tool", "for_tool")]
    [InlineData("in", "in_tool", "in_tool")]
    [InlineData("None", "None_tool", "None")]
    [InlineData("done", "done", "done_tool")]
    [InlineData("export", "export", "export_tool")]
    [InlineData("naïve-tool", "nave_tool", "nave_tool")]
    [InlineData("x\u00a0y", "x_y", "x_y")]
    [InlineData("x\ufeffy", "x_y", "x_y")]
    [InlineData("x\u0085y", "xy", "xy")]
    [InlineData("x\u2028y", "x_y", "x_y")]
    [InlineData("tab\tname", "tab_name", "tab_name")]
    [InlineData("mcp__server__tool", "mcp__server__tool", "mcp__server__tool")]
    [InlineData("a--b", "a__b", "a__b")]
    [InlineData("123", "_123", "_123")]
    [InlineData("!!!", "", "")]
    [InlineData("é", "", "")]
    [InlineData("Print", "Print", "Print")]
    [InlineData("await", "await_tool", "await")]
    [InlineData("function", "function", "function_tool")]
    [InlineData("tool.v2", "toolv2", "tool_v2")]
    [InlineData("a b-c.d", "a_b_cd", "a_b_c_d")]
    public void Identifiers_MatchTheClients(string name, string python, string bash)
    {
        Assert.Equal(python, ToolIdentifiers.Python(name));
        Assert.Equal(bash, ToolIdentifiers.Bash(name));
    }
}
