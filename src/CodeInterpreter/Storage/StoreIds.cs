using CodeInterpreter.Files;

namespace CodeInterpreter.Storage;

/// <summary>Every store checks ids before they become paths or keys.</summary>
internal static class StoreIds
{
    public static void ValidateSession(string sessionId)
    {
        if (!Ids.IsValid(sessionId))
        {
            throw new ArgumentException("session id must be 21 characters of [A-Za-z0-9_-]", nameof(sessionId));
        }
    }

    public static void Validate(string sessionId, string fileId)
    {
        ValidateSession(sessionId);
        if (!Ids.IsValid(fileId))
        {
            throw new ArgumentException("file id must be 21 characters of [A-Za-z0-9_-]", nameof(fileId));
        }
    }
}
