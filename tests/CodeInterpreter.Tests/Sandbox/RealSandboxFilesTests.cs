using System.Text;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Sandbox.Cgroups;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Tests.Sandbox;

/// <summary>The work dir as real tmpfs: inputs going in, outputs coming out, and what the sandbox plants in it.</summary>
[Collection(RealSandboxCollection.Name)]
public sealed class RealSandboxFilesTests(SandboxFixture fixture)
{
    private static readonly ScanLimits s_scan = new(MaxFiles: 100, MaxDepth: 5, MaxPathLength: 200);

    [SandboxFact]
    public async Task WriteWorkFile_IsReadableAndWritableInside()
    {
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        await job.WriteWorkFileAsync("data/in/input.csv", new MemoryStream("a,b\n1,2\n"u8.ToArray()), CancellationToken.None);

        var result = await job.RunAsync(SandboxFixture.Python("""
            import os
            p = '/mnt/data/data/in/input.csv'
            print(open(p).read(), end='')
            st = os.stat(p)
            print(st.st_uid, oct(st.st_mode & 0o777), os.stat('/mnt/data/data').st_uid)
            open(p, 'a').write('3,4\n')
            """), CancellationToken.None);

        Assert.Equal("a,b\n1,2\n1000 0o644 1000\n", SandboxFixture.Text(result.Stdout));
        using var reader = new StreamReader(job.OpenWorkFile("data/in/input.csv"));
        Assert.Equal("a,b\n1,2\n3,4\n", await reader.ReadToEndAsync());
    }

    [SandboxFact]
    public async Task WriteWorkFile_Twice_ReplacesTheFile()
    {
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        await job.WriteWorkFileAsync("a.txt", new MemoryStream("first, longer"u8.ToArray()), CancellationToken.None);
        await job.WriteWorkFileAsync("a.txt", new MemoryStream("second"u8.ToArray()), CancellationToken.None);

        using var reader = new StreamReader(job.OpenWorkFile("a.txt"));
        Assert.Equal("second", await reader.ReadToEndAsync());
    }

    [SandboxFact]
    public async Task WriteWorkFile_RejectsInvalidNames()
    {
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);

        foreach (var name in new[] { "../escape.txt", "/etc/passwd", "a//b", "a/./b", "" })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => job.WriteWorkFileAsync(name, new MemoryStream(), CancellationToken.None));
        }
    }

    [SandboxFact]
    public async Task PlantedLinksAndFifos_AreSkippedAndRefused()
    {
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        var result = await job.RunAsync(SandboxFixture.Python("""
            import os
            os.symlink('/etc/passwd', 'result.txt')
            os.symlink('/etc', 'etc')
            os.mkfifo('plot.png')
            os.mkdir('out')
            open('out/ok.txt', 'w').write('ok')
            """), CancellationToken.None);
        Assert.Equal(0, result.ExitCode);

        var scan = job.ScanWorkDir(s_scan);

        Assert.Equal([new WorkFile("out/ok.txt", 2)], scan.Files);
        Assert.Equal(3, scan.Skipped.Count);
        Assert.Contains(scan.Skipped, s => s.Contains("result.txt", StringComparison.Ordinal) && s.Contains("symbolic link", StringComparison.Ordinal));
        Assert.Contains(scan.Skipped, s => s.Contains("plot.png", StringComparison.Ordinal) && s.Contains("FIFO", StringComparison.Ordinal));
        Assert.Throws<IOException>(() => job.OpenWorkFile("result.txt"));
        Assert.Throws<IOException>(() => job.OpenWorkFile("etc/passwd"));
        Assert.Throws<IOException>(() => job.OpenWorkFile("plot.png"));
        Assert.Throws<FileNotFoundException>(() => job.OpenWorkFile("missing.txt"));
        using var ok = new StreamReader(job.OpenWorkFile("out/ok.txt"));
        Assert.Equal("ok", await ok.ReadToEndAsync());
    }

    [SandboxFact]
    public async Task WriteWorkFile_OverAPlantedLink_ReplacesTheLinkNotItsTarget()
    {
        var target = Path.Combine(fixture.Root, "host-target.txt");
        await File.WriteAllTextAsync(target, "host");
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        // The host path of the target is visible to the test only; the link points at it as the sandbox would.
        File.CreateSymbolicLink(Path.Combine(job.WorkDir, "input.txt"), target);

        await job.WriteWorkFileAsync("input.txt", new MemoryStream("new"u8.ToArray()), CancellationToken.None);

        Assert.Equal("host", await File.ReadAllTextAsync(target));
        using var reader = new StreamReader(job.OpenWorkFile("input.txt"));
        Assert.Equal("new", await reader.ReadToEndAsync());
    }

    [SandboxFact]
    public async Task Scan_HonoursFileDepthAndPathLimits()
    {
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        await job.RunAsync(SandboxFixture.Python("""
            import os
            for i in range(5): open(f'f{i}.txt', 'w').write('x')
            os.makedirs('a/b/c')
            open('a/b/c/deep.txt', 'w').write('x')
            open('e' * 150, 'w').write('x')
            """), CancellationToken.None);

        var scan = job.ScanWorkDir(new ScanLimits(MaxFiles: 3, MaxDepth: 2, MaxPathLength: 100));

        Assert.Equal(3, scan.Files.Count);
        Assert.Contains(scan.Skipped, s => s.Contains("a/b/", StringComparison.Ordinal) && s.Contains("deeper", StringComparison.Ordinal));
        Assert.Contains(scan.Skipped, s => s.Contains("longer than 100", StringComparison.Ordinal));
        Assert.Contains(scan.Skipped, s => s.Contains("stopped after 3 files", StringComparison.Ordinal));
    }

    [SandboxFact]
    public async Task WorkDir_IsQuotaLimitedTmpfs()
    {
        var limits = TestLimits.Default with { WorkDirBytes = 4 * 1024 * 1024 };
        var result = await fixture.RunPythonAsync("""
            try:
                open('/mnt/data/big', 'wb').write(b'x' * (8 * 1024 * 1024))
                print('written')
            except OSError as e:
                print('errno', e.errno)
            """, limits);

        Assert.Equal("errno 28\n", SandboxFixture.Text(result.Stdout)); // ENOSPC
    }

    [SandboxFact]
    public async Task Run_Twice_SharesTheWorkDirButNotTmp()
    {
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(job.CodeDir, "main.py"), "print(open('/mnt/data/built').read())");

        var build = await job.RunAsync(SandboxFixture.Python(
            "open('/mnt/data/built', 'w').write('artifact'); open('/tmp/scratch', 'w').write('x')"), CancellationToken.None);
        var run = await job.RunAsync(new SandboxCommand(["/usr/bin/python3", "/code/main.py"], new Dictionary<string, string>()),
            CancellationToken.None);
        var tmp = await job.RunAsync(SandboxFixture.Python(
            "import os; print(os.path.exists('/tmp/scratch')); open('/code/x', 'w')"), CancellationToken.None);

        Assert.Equal(0, build.ExitCode);
        Assert.Equal("artifact\n", SandboxFixture.Text(run.Stdout));
        Assert.StartsWith("False\n", SandboxFixture.Text(tmp.Stdout), StringComparison.Ordinal);
        Assert.Contains("Read-only file system", SandboxFixture.Text(tmp.Stderr), StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task CodeFiles_WrittenWithAPrivateMode_AreReadableInside()
    {
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        var source = Path.Combine(job.CodeDir, "main.py");
        await File.WriteAllTextAsync(source, "print('from /code')");
        UnixModes.Set(source, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await job.RunAsync(new SandboxCommand(["/usr/bin/python3", "/code/main.py"], new Dictionary<string, string>()),
            CancellationToken.None);

        Assert.Equal("from /code\n", SandboxFixture.Text(result.Stdout));
    }

    [SandboxFact]
    public async Task Dispose_UnmountsAndDeletesTheJobDir()
    {
        var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        var jobDir = Path.GetDirectoryName(job.WorkDir)!;
        Assert.Contains(job.WorkDir, await File.ReadAllTextAsync("/proc/self/mounts"), StringComparison.Ordinal);

        await job.DisposeAsync();
        await job.DisposeAsync();

        Assert.False(Directory.Exists(jobDir));
        Assert.DoesNotContain(job.WorkDir, await File.ReadAllTextAsync("/proc/self/mounts"), StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task Startup_RecoversLeftoverJobDirsAndCgroups()
    {
        var root = Directory.CreateTempSubdirectory("ci-sandbox-recovery-").FullName;
        UnixModes.Set(root, UnixModes.TraverseOnly);
        try
        {
            var options = SandboxFixture.NewOptions(root);
            string leftoverDir;
            using (var crashed = SandboxFixture.Create(options))
            {
                // A job the "crashed" process never disposed: still mounted, files inside.
                var job = await crashed.CreateJobAsync(TestLimits.Default, CancellationToken.None);
                await job.WriteWorkFileAsync("left.txt", new MemoryStream(Encoding.UTF8.GetBytes("x")), CancellationToken.None);
                leftoverDir = Path.GetDirectoryName(job.WorkDir)!;
            }
            var leftoverCgroup = LeftoverCgroup(options);

            using var restarted = SandboxFixture.Create(options);
            Assert.True(restarted.Prepare().Available);

            Assert.False(Directory.Exists(leftoverDir));
            Assert.DoesNotContain(leftoverDir, await File.ReadAllTextAsync("/proc/self/mounts"), StringComparison.Ordinal);
            Assert.False(Directory.Exists(leftoverCgroup));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Creates an empty job cgroup under the sandbox's cgroup parent, as a crash mid-run would leave.</summary>
    private static string LeftoverCgroup(SandboxOptions options)
    {
        var cgroups = CgroupDetector.Detect(options.CgroupRoot, options.CgroupName, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, out _)!;
        cgroups.Prepare();
        var job = cgroups.CreateJob("crashed-1", TestLimits.Default);
        return Path.GetDirectoryName(job.ProcsFiles[0])!;
    }
}
