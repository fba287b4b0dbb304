using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Tests.Fakes;

/// <summary>
/// An ISandboxJob over a plain temp directory, for orchestration tests of what goes in and comes out.
/// It runs nothing: <see cref="OnRun"/> plays the program by writing files. Real-sandbox tests live elsewhere.
/// </summary>
internal sealed class DirectoryJob : ISandboxJob
{
    private readonly string _root = Directory.CreateTempSubdirectory("ci-fake-job-").FullName;

    public DirectoryJob()
    {
        Directory.CreateDirectory(WorkDir);
        Directory.CreateDirectory(CodeDir);
    }

    public string WorkDir => Path.Combine(_root, "work");
    public string CodeDir => Path.Combine(_root, "code");
    public Action<string>? OnRun { get; init; }
    public SandboxResult Result { get; init; } = new() { ExitCode = 0, Stdout = [], Stderr = [], Output = [] };
    public SandboxCommand? LastCommand { get; private set; }

    public async Task WriteWorkFileAsync(string relativePath, Stream content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(WorkDir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
        await content.CopyToAsync(file, cancellationToken);
    }

    public Task<SandboxResult> RunAsync(SandboxCommand command, CancellationToken cancellationToken)
    {
        LastCommand = command;
        OnRun?.Invoke(WorkDir);
        return Task.FromResult(Result);
    }

    public Task<IPendingRun> StartAsync(SandboxCommand command, CancellationToken cancellationToken) =>
        throw new NotSupportedException("orchestration tests run cold");

    public WorkDirScan ScanWorkDir(ScanLimits limits) => new(
        [.. Directory.EnumerateFiles(WorkDir, "*", SearchOption.AllDirectories)
            .Select(f => new WorkFile(Path.GetRelativePath(WorkDir, f), new FileInfo(f).Length))],
        []);

    public Stream OpenWorkFile(string relativePath) => File.OpenRead(Path.Combine(WorkDir, relativePath));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
