using System.Globalization;
using System.Text;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Sandbox.Native;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;
using RealSandbox = CodeInterpreter.Sandbox.Sandbox;

namespace CodeInterpreter.Tests.Sandbox;

/// <summary>
/// One real sandbox for the real tests: its own jobs root, cgroup name and uid range (62000+), so it cannot
/// disturb a service or other test runs on the machine. The tests share it and run one after another.
/// </summary>
public sealed class SandboxFixture : IDisposable
{
    public const int UidBase = 62000;
    public const int UidSlots = 4;

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

    /// <summary>
    /// Live processes on the host whose real uid is <paramref name="uid"/> ("pid name state ppid"). Zombies are left
    /// out: they run nothing; bwrap's exited pid-1 helper is reparented to the host's init, which reaps it shortly.
    /// </summary>
    internal static List<string> ProcessesOf(int uid)
    {
        var pids = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var status = File.ReadAllLines(Path.Combine(dir, "status"));
                string Field(string name) =>
                    status.FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal))?.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] ?? "";
                if (Field("Uid") == uid.ToString(CultureInfo.InvariantCulture) && !Field("State").StartsWith('Z'))
                {
                    pids.Add($"{pid} {Field("Name")} {Field("State")} {Field("PPid")}");
                }
            }
            catch (IOException)
            {
                // exited while we looked
            }
        }
        return pids;
    }

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
