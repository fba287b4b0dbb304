using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodeInterpreter.Api.Contracts;

/// <summary>
/// <c>args</c> as an array of strings (current clients) or one string (the original API's document), split on
/// whitespace like a shell would without quoting. Numbers and booleans in the array are taken as their text.
/// </summary>
public sealed class ArgsConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            case JsonTokenType.StartArray:
                List<string> args = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    args.Add(reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString()!,
                        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False =>
                            System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => throw new JsonException("args must be strings"),
                    });
                }
                return args;
            default:
                throw new JsonException("args must be an array of strings or a string");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var arg in value)
        {
            writer.WriteStringValue(arg);
        }
        writer.WriteEndArray();
    }
}
