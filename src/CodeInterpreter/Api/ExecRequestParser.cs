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
        if (body.Args?.Any(a => a.Contains('\0', StringComparison.Ordinal)) == true)
        {
            return (null, ApiErrors.BadRequest("Invalid args", "an argument contains a NUL character"));
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
