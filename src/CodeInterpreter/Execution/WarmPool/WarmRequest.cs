using System.Text.Json;

namespace CodeInterpreter.Execution.WarmPool;

/// <summary>The one message a warm runner reads from stdin: <c>{"path": …, "args": […]}</c>.</summary>
internal static class WarmRequest
{
    public static byte[] Json(string path, IReadOnlyList<string> args)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("path", path);
            writer.WriteStartArray("args");
            foreach (var arg in args)
            {
                writer.WriteStringValue(arg);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
