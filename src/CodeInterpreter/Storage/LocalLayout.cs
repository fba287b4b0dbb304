using CodeInterpreter.Files;

namespace CodeInterpreter.Storage;

/// <summary>
/// Paths of the local store: <c>&lt;root&gt;/&lt;session_id&gt;/&lt;file_id&gt;&lt;ext&gt;</c>, its sidecar
/// <c>&lt;file_id&gt;.meta.json</c>, and <c>&lt;root&gt;/.tmp/</c> for writes in progress (".tmp" is no valid id).
/// </summary>
internal sealed class LocalLayout(string root)
{
    public const string MetaSuffix = ".meta.json";

    public string Root { get; } = Path.GetFullPath(root);

    public string TempDir => Path.Combine(Root, ".tmp");

    public string SessionDir(string sessionId) => Path.Combine(Root, sessionId);

    public string MetaPath(string sessionId, string fileId) => Path.Combine(Root, sessionId, fileId + MetaSuffix);

    public string DataPath(string sessionId, string fileId, string originalName) =>
        Path.Combine(Root, sessionId, DataFileName(fileId, originalName));

    public string NewTempPath(string suffix) => Path.Combine(TempDir, Guid.NewGuid().ToString("N") + suffix);

    public static string DataFileName(string fileId, string originalName) => fileId + FileNames.KeyExtension(originalName);

    public static string Key(string sessionId, string fileId, string originalName) =>
        sessionId + "/" + DataFileName(fileId, originalName);

    public static bool IsMetaFile(string fileName) => fileName.EndsWith(MetaSuffix, StringComparison.Ordinal);

    /// <summary>The file id a data or sidecar file belongs to (ids hold no '.'), or null for a foreign file.</summary>
    public static string? FileIdOf(string fileName)
    {
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        var id = dot < 0 ? fileName : fileName[..dot];
        return Ids.IsValid(id) ? id : null;
    }

    /// <summary>Data files of one id (any extension), sidecar excluded; empty when the session dir is gone.</summary>
    public static IEnumerable<string> DataFilesOf(string sessionDir, string fileId)
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetFiles(sessionDir, fileId + "*");
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        return candidates.Where(path =>
        {
            var name = Path.GetFileName(path);
            return !IsMetaFile(name) && FileIdOf(name) == fileId;
        });
    }
}
