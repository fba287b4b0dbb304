using CodeInterpreter.Sandbox.Bwrap;
using CodeInterpreter.Sandbox.Cgroups;
using CodeInterpreter.Sandbox.Channels;
using CodeInterpreter.Sandbox.Launch;
using CodeInterpreter.Sandbox.WorkDir;

namespace CodeInterpreter.Sandbox;

/// <summary>One job: a uid slot and a job dir for its lifetime, and a fresh cgroup for each run.</summary>
internal sealed class SandboxJob : ISandboxJob
{
    private readonly SandboxEnvironment _env;
    private readonly UidPool _uids;
    private readonly int _uid;
    private readonly JobDirectory _dir;
    private readonly SandboxLimits _limits;
    private readonly WorkDirFiles _files;
    private SandboxChannel? _channel;
    private int _runs;
    private int _running;
    private int _disposed;

    public SandboxJob(SandboxEnvironment env, UidPool uids, int uid, JobDirectory dir, SandboxLimits limits)
    {
        _env = env;
        _uids = uids;
        _uid = uid;
        _dir = dir;
        _limits = limits;
        _files = new WorkDirFiles(dir.WorkDir, uid);
    }

    public string WorkDir => _dir.WorkDir;
    public string CodeDir => _dir.CodeDir;
    public int Uid => _uid;

    public Task WriteWorkFileAsync(string relativePath, Stream content, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _files.WriteAsync(relativePath, content, cancellationToken);
    }

    public async Task<SandboxResult> RunAsync(SandboxCommand command, CancellationToken cancellationToken)
    {
        var (run, cgroup, argv) = Begin(command, cancellationToken);
        try
        {
            using (cgroup)
            {
                SandboxLog.RunStarting(_env.Logger, _dir.Name, run, command.Command[0]);
                var result = await SandboxProcess.RunAsync(argv, _limits, cgroup, _env.Time, cancellationToken).ConfigureAwait(false);
                SandboxLog.RunFinished(_env.Logger, _dir.Name, run, result.ExitCode, result.Signal, result.WallTime.TotalMilliseconds,
                    result.TimedOut, result.OutOfMemory, result.Cancelled);
                return result;
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public async Task<IPendingRun> StartAsync(SandboxCommand command, CancellationToken cancellationToken)
    {
        var (run, cgroup, argv) = Begin(command, cancellationToken);
        try
        {
            SandboxLog.RunStarting(_env.Logger, _dir.Name, run, command.Command[0]);
            return await PendingRun.StartAsync(argv, _limits, cgroup, _env.Time, () => Volatile.Write(ref _running, 0)).ConfigureAwait(false);
        }
        catch
        {
            cgroup.Dispose();
            Volatile.Write(ref _running, 0);
            throw;
        }
    }

    public ISandboxChannel OpenChannel(ChannelLimits limits)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_channel is not null)
        {
            throw new InvalidOperationException("A job has one channel.");
        }
        _channel = SandboxChannel.Open(_dir.CreateChannelDir(), _uid, limits);
        return _channel;
    }

    public async Task<ILiveRun> StartLiveAsync(SandboxCommand command, CancellationToken cancellationToken)
    {
        var (run, cgroup, argv) = Begin(command, cancellationToken);
        try
        {
            SandboxLog.RunStarting(_env.Logger, _dir.Name, run, command.Command[0]);
            return await LiveRun.StartAsync(argv, _limits, cgroup, _env.Time, () => Volatile.Write(ref _running, 0)).ConfigureAwait(false);
        }
        catch
        {
            cgroup.Dispose();
            Volatile.Write(ref _running, 0);
            throw;
        }
    }

    /// <summary>Claims the job for one run, makes the run's cgroup and the launch chain's argv.</summary>
    private (int Run, IJobCgroup Cgroup, IReadOnlyList<string> Argv) Begin(SandboxCommand command, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("A sandbox job runs one command at a time.");
        }
        try
        {
            CodeDirectory.MakeReadable(_dir.CodeDir);
            var run = Interlocked.Increment(ref _runs);
            var cgroup = _env.Cgroups!.CreateJob($"{_dir.Name}-{run}", _limits);
            try
            {
                var argv = BwrapArguments.Build(new LaunchSpec
                {
                    BwrapPath = _env.Options.BwrapPath,
                    InitPath = _env.Options.InitPath,
                    SeccompPath = _env.SeccompPath,
                    CgroupProcsFiles = cgroup.ProcsFiles,
                    Uid = _uid,
                    Limits = _limits,
                    WorkDir = _dir.WorkDir,
                    CodeDir = _dir.CodeDir,
                    Command = command,
                    Masks = _env.Masks,
                    ChannelDir = _channel is null ? null : _dir.ChannelDir,
                });
                return (run, cgroup, argv);
            }
            catch
            {
                cgroup.Dispose();
                throw;
            }
        }
        catch
        {
            Volatile.Write(ref _running, 0);
            throw;
        }
    }

    public WorkDirScan ScanWorkDir(ScanLimits limits)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return WorkDirScanner.Scan(_dir.WorkDir, limits);
    }

    public Stream OpenWorkFile(string relativePath)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _files.Open(relativePath);
    }

    /// <summary>Unmounts and deletes the job dir and frees the uid; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        try
        {
            if (_channel is not null)
            {
                await _channel.DisposeAsync().ConfigureAwait(false);
            }
            if (!_dir.Destroy())
            {
                SandboxLog.JobDirNotRemoved(_env.Logger, _dir.Root);
            }
            SandboxLog.JobRemoved(_env.Logger, _dir.Name);
        }
        catch (Exception e)
        {
            SandboxLog.TeardownFailed(_env.Logger, _dir.Root, e);
        }
        finally
        {
            _uids.Release(_uid);
        }
    }
}
