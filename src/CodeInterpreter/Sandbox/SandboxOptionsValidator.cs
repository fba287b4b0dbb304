using CodeInterpreter.Sandbox.Launch;
using Microsoft.Extensions.Options;

namespace CodeInterpreter.Sandbox;

/// <summary>Rejects settings that would make the sandbox unsafe or unusable, so startup fails instead of a request.</summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    private const int NobodyUid = 65534;

    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = new List<string>();
        if (!Path.IsPathFullyQualified(options.BwrapPath))
        {
            failures.Add("Sandbox:BwrapPath must be an absolute path.");
        }
        if (!IsUnderUsr(options.InitPath))
        {
            // The init is exec'd inside the sandbox, where of the host only /usr (read-only) exists.
            failures.Add("Sandbox:InitPath must be an absolute, normalized path under /usr/ (the sandbox sees only /usr of the host).");
        }
        if (string.IsNullOrWhiteSpace(options.JobsRoot))
        {
            failures.Add("Sandbox:JobsRoot is required.");
        }
        else if (!Path.IsPathFullyQualified(options.JobsRoot) || !ShellSafePath.IsSafe(options.JobsRoot))
        {
            // The seccomp file lives under JobsRoot and its path goes into the launcher's sh script.
            failures.Add("Sandbox:JobsRoot must be an absolute path of letters, digits and _ . / @ : , + = -.");
        }
        if (!Path.IsPathFullyQualified(options.CgroupRoot) || !ShellSafePath.IsSafe(options.CgroupRoot))
        {
            failures.Add("Sandbox:CgroupRoot must be an absolute path without spaces or shell metacharacters.");
        }
        if (!IsSafeName(options.CgroupName))
        {
            failures.Add("Sandbox:CgroupName must be a single name of letters, digits, '_', '-' or '.'.");
        }
        ValidateUids(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUids(SandboxOptions options, List<string> failures)
    {
        if (options.UidSlots is < 1 or > 65536)
        {
            failures.Add("Sandbox:UidSlots must be between 1 and 65536.");
        }
        // Low uids belong to real users and system accounts; a job must never share one.
        if (options.UidBase < 10000)
        {
            failures.Add("Sandbox:UidBase must be at least 10000.");
        }
        var last = (long)options.UidBase + options.UidSlots - 1;
        if (last >= int.MaxValue)
        {
            failures.Add("Sandbox:UidBase + UidSlots is out of range.");
        }
        else if (options.UidBase <= NobodyUid && NobodyUid <= last)
        {
            failures.Add("Sandbox: the uid range must not include 65534 (nobody).");
        }
    }

    private static bool IsUnderUsr(string path) =>
        path.StartsWith("/usr/", StringComparison.Ordinal) && !path.Contains('\0')
        && path.Split('/').Skip(1).All(s => s is not ("" or "." or ".."));

    private static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 64 && name is not ("." or "..")
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
