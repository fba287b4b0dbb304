using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution.Compilation;

/// <summary>
/// Compiles in a sandbox run of its own that sees only the source (never a session's files, so no binary can embed
/// one user's data), with the compile limits, and keeps the artifact in the <see cref="CompileCache"/>.
/// </summary>
public sealed class Compiler(ISandbox sandbox, CompileCache cache, IOptions<LanguageOptions> options)
{
    private const long MiB = 1024 * 1024;
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public Task<CompileResult> CompileAsync(LanguageSpec language, PreparedSource source, string toolchainVersion, CancellationToken cancellationToken) =>
        cache.GetOrCompileAsync(CompileKey.For(language, toolchainVersion, source),
            (artifactDir, compileToken) => RunCompilerAsync(language, source, artifactDir, compileToken), cancellationToken);

    /// <summary>
    /// Null on success (the artifact is in <paramref name="artifactDir"/>), else the failed compiler run. Not the
    /// request's token: requests share this compile, and the cache cancels it when the last of them has gone (the
    /// wait for a uid slot and the compiler itself stop then).
    /// </summary>
    private async Task<SandboxResult?> RunCompilerAsync(LanguageSpec language, PreparedSource source, string artifactDir,
        CancellationToken cancellationToken)
    {
        var limits = Limits();
        await using var job = await sandbox.CreateJobAsync(limits, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(job.CodeDir, source.FileName), source.Text, cancellationToken).ConfigureAwait(false);
        var compile = language.Compile!;
        var argv = compile.Argv.Select(a => Argv.Substitute(a, source, limits)).ToList();
        var command = new SandboxCommand(argv, compile.Environment)
        {
            ReadOnlyBinds = [.. compile.Binds.Select(b => new ReadOnlyBind(b.HostPath, b.SandboxPath))],
        };
        cache.CountCompile();
        var result = await job.RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result;
        }
        await CopyArtifactAsync(job, artifactDir).ConfigureAwait(false);
        return null;
    }

    /// <summary>Everything the compiler wrote to its work dir, read without following links.</summary>
    private static async Task CopyArtifactAsync(ISandboxJob job, string artifactDir)
    {
        var scan = job.ScanWorkDir(new ScanLimits(MaxFiles: 10_000, MaxDepth: 32, MaxPathLength: 4096));
        foreach (var file in scan.Files)
        {
            var target = Path.Combine(artifactDir, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!, Executable);
            await using var source = job.OpenWorkFile(file.RelativePath);
            await using var copy = new FileStream(target, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = Executable,
            });
            await source.CopyToAsync(copy).ConfigureAwait(false);
        }
    }

    private SandboxLimits Limits()
    {
        var o = options.Value;
        return new SandboxLimits
        {
            WallTimeout = TimeSpan.FromSeconds(o.CompileTimeoutSeconds),
            MemoryBytes = o.CompileMemoryMb * MiB,
            MaxProcesses = o.CompileMaxProcesses,
            MaxFileSizeBytes = 512 * MiB,
            TmpBytes = 512 * MiB,
            WorkDirBytes = 512 * MiB,
            WorkDirInodes = 20_000,
            StdoutBytes = 64 * 1024,
            StderrBytes = 64 * 1024,
            CpuSeconds = (o.CompileTimeoutSeconds * 2) + 1,
        };
    }
}
