using System.Text.Json;

namespace CodeInterpreter.Execution.Programmatic;

/// <summary>
/// The lines on the tool channel. The program sends <c>{"calls":[{"name":"&lt;identifier&gt;","input":…},…]}</c> and
/// gets back <c>{"results":[{"ok":true,"value":…}|{"ok":false,"error":"…"},…]}</c>, one result per call, in order.
/// What the program sends is untrusted: parsed with a depth limit, and every name checked against the tools it was given.
/// </summary>
internal static class ToolCallProtocol
{
    private static readonly JsonDocumentOptions s_parse = new() { MaxDepth = 64 };

    /// <summary>One call as the program sent it: the identifier it used and the input.</summary>
    public sealed record SentCall(string Identifier, JsonElement Input);

    /// <summary>The calls of one line, or null when the line is not a batch of calls.</summary>
    public static List<SentCall>? Parse(byte[] line)
    {
        try
        {
            using var document = JsonDocument.Parse(line, s_parse);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("calls", out var calls) || calls.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var parsed = new List<SentCall>();
            foreach (var call in calls.EnumerateArray())
            {
                if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    return null;
                }
                var input = call.TryGetProperty("input", out var value) ? value.Clone() : EmptyObject();
                parsed.Add(new SentCall(name.GetString()!, input));
            }
            return parsed;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The reply line: each call's result, or its error.</summary>
    public static byte[] Reply(IEnumerable<(bool Ok, JsonElement? Value, string? Error)> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("results");
            foreach (var (ok, value, error) in results)
            {
                json.WriteStartObject();
                json.WriteBoolean("ok", ok);
                if (ok)
                {
                    json.WritePropertyName("value");
                    if (value is { } v)
                    {
                        v.WriteTo(json);
                    }
                    else
                    {
                        json.WriteNullValue();
                    }
                }
                else
                {
                    json.WriteString("error", error ?? "the tool failed");
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
