using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Sandbox.Seccomp;

/// <summary>Compiles <see cref="SeccompRules"/> with libseccomp into the BPF program bwrap loads with --seccomp.</summary>
internal static class SeccompFilter
{
    /// <summary>Writes the filter atomically (temp file, then rename) with mode 0644.</summary>
    /// <param name="denyInetSockets">See <see cref="SeccompRules.For"/>.</param>
    /// <returns>Syscall names this libseccomp could not resolve and that were skipped.</returns>
    public static IReadOnlyList<string> WriteTo(string path, bool denyInetSockets)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            IReadOnlyList<string> skipped;
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write))
            {
                skipped = Export((int)handle.DangerousGetHandle(), SeccompRules.For(denyInetSockets));
            }
            UnixModes.Set(temp, UnixModes.ReadableFile);
            File.Move(temp, path, overwrite: true);
            return skipped;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static unsafe List<string> Export(int fd, IReadOnlyList<SeccompRule> rules)
    {
        var ctx = SeccompNative.Init(SeccompNative.ActAllow);
        if (ctx == 0)
        {
            throw new InvalidOperationException("seccomp_init failed.");
        }
        try
        {
            // Another architecture's syscall numbers (i386 int 0x80 on x86-64) would bypass every rule: kill.
            Check(SeccompNative.AttrSet(ctx, SeccompNative.AttrActBadArch, SeccompNative.ActKillProcess), "seccomp_attr_set");
            var skipped = new List<string>();
            foreach (var rule in rules)
            {
                if (!AddRule(ctx, rule) && !skipped.Contains(rule.Syscall))
                {
                    skipped.Add(rule.Syscall);
                }
            }
            Check(SeccompNative.ExportBpf(ctx, fd), "seccomp_export_bpf");
            return skipped;
        }
        finally
        {
            SeccompNative.Release(ctx);
        }
    }

    private static unsafe bool AddRule(nint ctx, SeccompRule rule)
    {
        var nr = SeccompNative.ResolveName(rule.Syscall);
        if (nr == SeccompNative.NrError)
        {
            return false;
        }
        var action = SeccompNative.ActErrno(rule.Errno);
        if (rule.Condition is { } condition)
        {
            Check(SeccompNative.RuleAddArray(ctx, action, nr, 1, &condition), $"seccomp_rule_add({rule.Syscall})");
        }
        else
        {
            Check(SeccompNative.RuleAddArray(ctx, action, nr, 0, null), $"seccomp_rule_add({rule.Syscall})");
        }
        return true;
    }

    private static void Check(int rc, string what)
    {
        if (rc < 0)
        {
            throw new InvalidOperationException($"{what} failed: {Libc.ErrorText(-rc)}");
        }
    }
}
