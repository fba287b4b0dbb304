using System.Text;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Sandbox.Native;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;
using RealSandbox = CodeInterpreter.Sandbox.Sandbox;

namespace CodeInterpreter.Tests.Sandbox;

/// <summary>
/// One real sandbox for the real tests: its own jobs root, cgroup name and uid range, so it cannot disturb a service
/// or other test runs on the machine. The tests share it and run one after another.
/// </summary>
public sealed class SandboxFixture : IDisposable
{
    public const int UidSlots = 4;

    /// <summary>
    /// One of 250 ranges in 62000..62999, by process id. A sandbox kills every process of its uid range at start (a
    /// crash's leftovers), so two runs of this suite at once on one fixed range killed each other's jobs.
    /// </summary>
    public static readonly int UidBase = 62000 + (UidSlots * (Environment.ProcessId % 250));

    public SandboxFixture()
    {
        Root = Directory.CreateTempSubdirectory("ci-sandbox-tests-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // bwrap runs as the job uid and must be able to pass through to the job dirs.
            File.SetUnixFileMode(Root, UnixModes.TraverseOnly);
        }
        Options = NewOptions(Root);
        Sandbox = Create(Options);
    }

    public string Root { get; }
    internal SandboxOptions Options { get; }
    internal RealSandbox Sandbox { get; }

    internal static RealSandbox Create(SandboxOptions options) =>
        new(MsOptions.Create(options), NullLogger<RealSandbox>.Instance, TimeProvider.System);

    internal static SandboxOptions NewOptions(string root) => new()
    {
        JobsRoot = Path.Combine(root, "jobs"),
        UidBase = UidBase,
        UidSlots = UidSlots,
        CgroupName = "ci-test-" + Guid.NewGuid().ToString("N")[..8],
    };

    /// <summary>Creates a job, runs <c>python3 -c</c> in it, and disposes it.</summary>
    internal async Task<SandboxResult> RunPythonAsync(string code, SandboxLimits? limits = null)
    {
        await using var job = await Sandbox.CreateJobAsync(limits ?? TestLimits.Default, CancellationToken.None);
        return await job.RunAsync(Python(code), CancellationToken.None);
    }

    internal static SandboxCommand Python(string code) =>
        new(["/usr/bin/python3", "-c", code], new Dictionary<string, string>());

    internal static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public void Dispose()
    {
        Sandbox.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RealSandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "Real sandbox";
}
