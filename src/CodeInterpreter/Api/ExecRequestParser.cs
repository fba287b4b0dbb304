using CodeInterpreter.Api.Contracts;
using CodeInterpreter.Execution;
using CodeInterpreter.Files;
using CodeInterpreter.Http;
using CodeInterpreter.Languages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CodeInterpreter.Api;

/// <summary>Checks an /exec body and turns it into an <see cref="ExecutionRequest"/> or a 400.</summary>
internal static class ExecRequestParser
{
    public static (ExecutionRequest? Request, JsonHttpResult<ErrorBody>? Error) Parse(ExecRequestBody? body, LanguageCatalog languages)
    {
        if (body is null)
        {
            return (null, ApiErrors.BadRequest("Invalid JSON body", "expected an object"));
        }
        if (string.IsNullOrWhiteSpace(body.Lang))
        {
            return (null, ApiErrors.BadRequest("Missing lang"));
        }
        if (languages.Find(body.Lang) is not { } language)
        {
            return (null, ApiErrors.BadRequest($"Unsupported language: {body.Lang}"));
        }
        if (body.Code is null)
        {
            return (null, ApiErrors.BadRequest("Missing code"));
        }
        if (body.SessionId is { Length: > 0 } sid && !Ids.IsValid(sid))
        {
            return (null, ApiErrors.InvalidId("session_id"));
        }
        if (ArgsProblem(body.Args) is { } argsProblem)
        {
            return (null, ApiErrors.BadRequest("Invalid args", argsProblem));
        }
        List<FileRef> refs = [];
        foreach (var file in body.Files ?? [])
        {
            if (ParseRef(file) is var (fileRef, refError) && refError is not null)
            {
                return (null, refError);
            }
            refs.Add(fileRef!);
        }
        return (new ExecutionRequest
        {
            Language = language,
            Code = body.Code,
            Args = body.Args ?? [],
            Files = refs,
            SessionId = body.SessionId is { Length: > 0 } ? body.SessionId : null,
            TimeoutMs = body.Timeout,
            UserId = body.UserId,
        }, null);
    }

    /// <summary>
    /// Arguments end up in an argv: the kernel refuses one over 128 KiB or all together over a quarter of the stack
    /// limit (E2BIG), which would be a 500. These caps stay well below and are answered with a 400 instead.
    /// </summary>
    internal const int MaxArgs = 256;
    internal const int MaxArgBytes = 32 * 1024;
    internal const int MaxArgsBytes = 128 * 1024;

    private static string? ArgsProblem(IReadOnlyList<string>? args)
    {
        if (args is null)
        {
            return null;
        }
        if (args.Count > MaxArgs)
        {
            return $"at most {MaxArgs} arguments, got {args.Count}";
        }
        var total = 0L;
        foreach (var arg in args)
        {
            if (arg.Contains('\0', StringComparison.Ordinal))
            {
                return "an argument contains a NUL character";
            }
            var bytes = System.Text.Encoding.UTF8.GetByteCount(arg);
            if (bytes > MaxArgBytes)
            {
                return $"an argument is longer than {MaxArgBytes / 1024} KiB";
            }
            total += bytes + 1;
        }
        return total > MaxArgsBytes ? $"the arguments together are longer than {MaxArgsBytes / 1024} KiB" : null;
    }

    internal static (FileRef? Ref, JsonHttpResult<ErrorBody>? Error) ParseRef(FileRefBody? file)
    {
        var sessionId = file?.StorageSessionId ?? file?.SessionId;
        if (file is null || !Ids.IsValid(file.Id) || !Ids.IsValid(sessionId))
        {
            return (null, ApiErrors.InvalidId("file reference"));
        }
        if (file.Name is not null && FileNames.Validate(file.Name) is { } problem)
        {
            return (null, ApiErrors.BadRequest("Invalid file name", problem));
        }
        return (new FileRef(file.Id!, sessionId!, file.Name), null);
    }
}
