using CodeInterpreter.Sandbox;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Tests.Sandbox;

/// <summary>
/// The sandbox's pid 1 (native/sandbox-init.c, bwrap --as-pid-1) in a real sandbox: it keeps bwrap's reaper's
/// semantics (exit codes, 128 + signal, orphans reaped, signals from inside dropped), forwards the host's signals,
/// and shows the payload nothing of itself.
/// </summary>
[Collection(RealSandboxCollection.Name)]
public sealed class RealSandboxInitTests(SandboxFixture fixture)
{
    [SandboxFact]
    public async Task Run_ExitCodeOfTheCommand_IsPassedThrough()
    {
        var result = await RunShellAsync("echo out; echo err >&2; exit 42");

        Assert.Equal(42, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.Equal("out\n", SandboxFixture.Text(result.Stdout));
        Assert.Equal("err\n", SandboxFixture.Text(result.Stderr));
    }

    [SandboxFact]
    public async Task Run_CommandKilledBySignal_Reports128PlusTheSignal()
    {
        var result = await RunShellAsync("kill -SEGV $$");

        Assert.Equal(139, result.ExitCode);
        Assert.Equal("SIGSEGV", result.Signal);
    }

    [SandboxFact]
    public async Task Run_OrphansAreReapedByPid1()
    {
        // The grandchild is orphaned to pid 1 and exits: a pid 1 that did not reap would leave it a zombie.
        var result = await fixture.RunPythonAsync("""
            import os, time
            child = os.fork()
            if child == 0:
                if os.fork() == 0:
                    time.sleep(0.1)
                    os._exit(0)
                os._exit(0)
            os.waitpid(child, 0)
            deadline = time.time() + 5
            while True:
                zombies = [p for p in os.listdir('/proc') if p.isdigit()
                           and open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()[0] == 'Z']
                others = [p for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid())]
                if not others or time.time() > deadline:
                    break
                time.sleep(0.05)
            print('zombies', zombies, 'others', others)
            """);

        Assert.Equal("zombies [] others []\n", SandboxFixture.Text(result.Stdout));
        Assert.Equal(0, result.ExitCode);
    }

    [SandboxFact]
    public async Task Run_SignalsFromInsideToPid1_AreDropped()
    {
        var result = await RunShellAsync("for s in TERM INT HUP QUIT USR1 KILL STOP; do kill -$s 1; done; sleep 0.2; echo alive");

        Assert.Equal("alive\n", SandboxFixture.Text(result.Stdout));
        Assert.Equal(0, result.ExitCode);
    }

    [SandboxFact]
    public async Task Run_SignalFromTheHostToPid1_IsForwardedToTheCommand()
    {
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        var uid = ((SandboxJob)job).Uid;
        var run = job.RunAsync(Shell("trap 'echo got TERM; exit 5' TERM; while :; do sleep 0.05; done"), CancellationToken.None);

        // The loop's sleep runs once the trap is set; pid 1 of the sandbox is the init, seen from the host.
        var init = (await Poll.UntilAsync(() =>
                HostProcess.LiveOfUids(uid) is var live && live.Any(p => p.Name == "sleep")
                    ? live.FirstOrDefault(p => p.Name == "sandbox-init")
                    : null,
            found => found is not null, TimeSpan.FromSeconds(20), "the command's sleep under the sandbox's init"))!;
        Assert.Equal(0, Libc.Kill(init.Pid, 15));
        var result = await run;

        Assert.Equal("got TERM\n", SandboxFixture.Text(result.Stdout));
        Assert.Equal(5, result.ExitCode);
        Assert.False(result.TimedOut);
    }

    [SandboxFact]
    public async Task Run_Pid1IsTheInitAndItsMemoryAndFilesAreClosed()
    {
        var result = await fixture.RunPythonAsync("""
            import os
            print(os.getpid(), open('/proc/1/stat').read().split()[1])
            for path in ('/proc/1/mem', '/proc/1/environ', '/proc/1/maps', '/proc/1/stack', '/proc/1/auxv'):
                try:
                    print(path, len(open(path, 'rb').read(4096)))
                except OSError as e:
                    print(path, e.strerror)
            for path in ('/proc/1/exe', '/proc/1/cwd', '/proc/1/root', '/proc/1/fd/0'):
                try:
                    print(path, os.readlink(path))
                except OSError as e:
                    print(path, e.strerror)
            """);

        Assert.Equal(
            "2 (sandbox-init)\n"
            // environ is also covered by the empty mask file (ProcMasks), so it reads as empty.
            + "/proc/1/mem Permission denied\n/proc/1/environ 0\n/proc/1/maps Permission denied\n"
            + "/proc/1/stack Permission denied\n/proc/1/auxv Permission denied\n"
            + "/proc/1/exe Permission denied\n/proc/1/cwd Permission denied\n/proc/1/root Permission denied\n"
            + "/proc/1/fd/0 Permission denied\n",
            SandboxFixture.Text(result.Stdout));
    }

    private async Task<SandboxResult> RunShellAsync(string script)
    {
        await using var job = await fixture.Sandbox.CreateJobAsync(TestLimits.Default, CancellationToken.None);
        return await job.RunAsync(Shell(script), CancellationToken.None);
    }

    private static SandboxCommand Shell(string script) => new(["/bin/sh", "-c", script], new Dictionary<string, string>());
}
