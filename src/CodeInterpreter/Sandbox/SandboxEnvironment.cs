using CodeInterpreter.Sandbox.Bwrap;
using CodeInterpreter.Sandbox.Cgroups;

namespace CodeInterpreter.Sandbox;

/// <summary>What startup preparation found and set up; shared by the sandbox and its jobs.</summary>
internal sealed record SandboxEnvironment(
    SandboxOptions Options,
    SandboxStatus Status,
    ICgroupManager? Cgroups,
    string? SeccompPath,
    SandboxMasks? Masks,
    TimeProvider Time,
    ILogger Logger);
