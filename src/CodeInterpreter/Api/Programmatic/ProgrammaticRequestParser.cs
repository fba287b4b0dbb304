using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Execution;
using CodeInterpreter.Execution.Programmatic;
using CodeInterpreter.Files;
using CodeInterpreter.Http;
using CodeInterpreter.Languages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodeInterpreter.Api.Programmatic;

/// <summary>Checks a first /exec/programmatic body: code, language (Python or bash), tools, files, session.</summary>
internal static class ProgrammaticRequestParser
{
    private const int MaxToolNameLength = 256;

    public static (ExecutionRequest? Run, IReadOnlyList<ToolSpec>? Tools, JsonHttpResult<ErrorBody>? Error) Parse(
        ProgrammaticRequestBody body, LanguageCatalog languages, int maxTools)
    {
        if (string.IsNullOrEmpty(body.Code))
        {
            return Fail(ApiErrors.BadRequest("Missing code"));
        }
        var languageCode = body.Lang is null or "" ? "py" : body.Lang;
        if (languages.Find(languageCode) is not { Code: "py" or "bash" } language)
        {
            return Fail(ApiErrors.BadRequest($"Unsupported language for programmatic tool calling: {languageCode}", "use py (default) or bash"));
        }
        if (body.SessionId is { Length: > 0 } sid && !Ids.IsValid(sid))
        {
            return Fail(ApiErrors.InvalidId("session_id"));
        }
        var (tools, toolError) = Tools(body.Tools ?? [], language, maxTools);
        if (toolError is not null)
        {
            return Fail(toolError);
        }
        List<FileRef> refs = [];
        foreach (var file in body.Files ?? [])
        {
            var (fileRef, refError) = ExecRequestParser.ParseRef(file);
            if (refError is not null)
            {
                return Fail(refError);
            }
            refs.Add(fileRef!);
        }
        var run = new ExecutionRequest
        {
            Language = language,
            Code = body.Code,
            Files = refs,
            SessionId = body.SessionId is { Length: > 0 } ? body.SessionId : null,
            TimeoutMs = body.Timeout,
            UserId = body.UserId,
        };
        return (run, tools, null);
    }

    /// <summary>
    /// 0 to <paramref name="max"/> tools (LibreChat sends none for a bash call in an attached workspace), each name
    /// printable and turned into a function name the way the client does; two names that become one are refused, as
    /// the client refuses them.
    /// </summary>
    private static (List<ToolSpec>? Tools, JsonHttpResult<ErrorBody>? Error) Tools(IReadOnlyList<ToolBody?> bodies, LanguageSpec language, int max)
    {
        if (bodies.Count > max)
        {
            return (null, ApiErrors.BadRequest("Too many tools", $"{bodies.Count} tools; at most {max}"));
        }
        var tools = new List<ToolSpec>();
        var byIdentifier = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var body in bodies)
        {
            var name = body?.Name;
            if (string.IsNullOrEmpty(name) || name.Length > MaxToolNameLength || name.Any(char.IsControl))
            {
                return (null, ApiErrors.BadRequest("Invalid tool name", $"tool names are 1-{MaxToolNameLength} printable characters"));
            }
            var identifier = ProgrammaticPrograms.Identifier(language, name);
            if (identifier.Length == 0)
            {
                return (null, ApiErrors.BadRequest("Invalid tool name", $"'{name}' has no letter, digit or underscore to call it by"));
            }
            if (byIdentifier.TryGetValue(identifier, out var other))
            {
                if (other == name)
                {
                    continue;
                }
                return (null, ApiErrors.BadRequest("Ambiguous tool names", $"'{other}' and '{name}' both become '{identifier}'"));
            }
            byIdentifier[identifier] = name;
            tools.Add(new ToolSpec(name, identifier, body!.Description));
        }
        return (tools, null);
    }

    private static (ExecutionRequest?, IReadOnlyList<ToolSpec>?, JsonHttpResult<ErrorBody>?) Fail(JsonHttpResult<ErrorBody> error) => (null, null, error);
}
