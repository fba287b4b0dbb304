namespace CodeInterpreter.Storage.Local;

/// <summary>State objects under <c>&lt;root&gt;/.state/&lt;folder&gt;/</c> (".state" is no session id: the sweep skips it).</summary>
internal sealed partial class LocalFileStore : IStateStore
{
    public bool IsShared => false;

    private string StatePath(string key) => Path.Combine(_layout.Root, ".state", key);

    public async Task<StateEntry> PutStateAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        StateKeys.Validate(key);
        var target = StatePath(key);
        PrivateDirectory.Create(Path.GetDirectoryName(target)!);
        var temp = _layout.NewTempPath(".state");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                await write(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        var info = new FileInfo(target);
        return new StateEntry(key, info.Length, info.LastWriteTimeUtc);
    }

    public Task<StateObject?> OpenStateAsync(string key, CancellationToken cancellationToken)
    {
        StateKeys.Validate(key);
        try
        {
            var stream = new FileStream(StatePath(key), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
            var info = new FileInfo(StatePath(key));
            return Task.FromResult<StateObject?>(new StateObject(new StateEntry(key, stream.Length, info.LastWriteTimeUtc), stream));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<StateObject?>(null);
        }
    }

    public Task<IReadOnlyList<StateEntry>> ListStateAsync(string folder, CancellationToken cancellationToken)
    {
        StateKeys.ValidateFolder(folder);
        var dir = Path.Combine(_layout.Root, ".state", folder);
        if (!Directory.Exists(dir))
        {
            return Task.FromResult<IReadOnlyList<StateEntry>>([]);
        }
        IReadOnlyList<StateEntry> entries = [.. new DirectoryInfo(dir).EnumerateFiles()
            .Select(f => (Info: f, Key: folder + "/" + f.Name))
            .Where(f => StateKeys.IsValid(f.Key))
            .Select(f => new StateEntry(f.Key, f.Info.Length, f.Info.LastWriteTimeUtc))];
        return Task.FromResult(entries);
    }

    public Task<bool> DeleteStateAsync(string key, CancellationToken cancellationToken)
    {
        StateKeys.Validate(key);
        var path = StatePath(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }
        File.Delete(path);
        return Task.FromResult(true);
    }
}
