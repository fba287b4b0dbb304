using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution;

/// <summary><c>deleted_files</c>: the input names (refs and workspace files) that are no regular file after the run.</summary>
internal static class DeletedInputs
{
    public static IReadOnlyList<string> Find(ISandboxJob job, WorkDirScan scan, IEnumerable<string> inputs)
    {
        var present = scan.Files.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        return [.. inputs.Distinct(StringComparer.Ordinal).Where(name => !present.Contains(name) && !IsRegularFile(job, name))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The scan has caps (depth, count): a name it did not list is checked directly before it counts as removed.</summary>
    private static bool IsRegularFile(ISandboxJob job, string name)
    {
        try
        {
            job.OpenWorkFile(name).Dispose();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
