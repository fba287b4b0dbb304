using CodeInterpreter.Sandbox.Bwrap;

namespace CodeInterpreter.Sandbox.Launch;

/// <summary>Everything <see cref="BwrapArguments"/> needs to build one run's launch chain.</summary>
internal sealed record LaunchSpec
{
    public required string BwrapPath { get; init; }

    /// <summary>The sandbox's pid 1 (<see cref="SandboxOptions.InitPath"/>), which runs the command.</summary>
    public required string InitPath { get; init; }

    /// <summary>The BPF filter file, or null to run without seccomp.</summary>
    public required string? SeccompPath { get; init; }

    /// <summary>cgroup.procs files the launcher joins before anything else runs.</summary>
    public required IReadOnlyList<string> CgroupProcsFiles { get; init; }

    /// <summary>Host uid (and gid) the chain drops to before bwrap starts.</summary>
    public required int Uid { get; init; }

    public required SandboxLimits Limits { get; init; }

    /// <summary>Host dir bound read-write at /mnt/data.</summary>
    public required string WorkDir { get; init; }

    /// <summary>Host dir bound read-only at /code.</summary>
    public required string CodeDir { get; init; }

    public required SandboxCommand Command { get; init; }

    /// <summary>What to cover with empty files and directories (/proc entries, the pty multiplexer); null for nothing.</summary>
    public SandboxMasks? Masks { get; init; }

    /// <summary>Host dir holding the job's channel socket, bound read-only at <see cref="SandboxPaths.Channel"/>; null: none.</summary>
    public string? ChannelDir { get; init; }
}
