using Microsoft.Extensions.Options;

namespace CodeInterpreter.Execution;

/// <summary>Limits of one execution (section "Execution"; flat <c>CODE_*</c> variables map here).</summary>
public sealed class ExecutionOptions
{
    /// <summary>Wall-clock limit when the request names none.</summary>
    public int DefaultTimeoutSeconds { get; set; } = 30;
    /// <summary>A request's <c>timeout</c> (ms) is clamped to this.</summary>
    public int MaxTimeoutSeconds { get; set; } = 120;
    public int MemoryMb { get; set; } = 512;
    public int MaxProcesses { get; set; } = 128;
    /// <summary>RLIMIT_FSIZE: the largest single file a program may write anywhere.</summary>
    public int MaxFileSizeMb { get; set; } = 256;
    /// <summary>Size of the /tmp and /dev/shm tmpfs (also charged to the memory limit).</summary>
    public int TmpMb { get; set; } = 256;
    /// <summary>Room in /mnt/data on top of the input files.</summary>
    public int WorkDirMb { get; set; } = 512;
    public int WorkDirInodes { get; set; } = 20000;
    /// <summary>Cap of stdout and of stderr each.</summary>
    public int OutputLimitKb { get; set; } = 64;
    /// <summary>New or changed files kept per run (LibreChat tells users 10).</summary>
    public int MaxOutputFiles { get; set; } = 10;
    public int MaxOutputFileMb { get; set; } = 25;
    public int MaxOutputDepth { get; set; } = 10;
    /// <summary>Executions running at once; further ones wait in the queue.</summary>
    public int MaxConcurrency { get; set; } = Environment.ProcessorCount;
    /// <summary>Executions waiting for a slot; beyond this the answer is 429.</summary>
    public int QueueLimit { get; set; } = 32;
    /// <summary>The largest <c>/exec</c> body (code plus refs).</summary>
    public int MaxRequestKb { get; set; } = 4096;
    /// <summary>Input files one execution may mount (refs and its session's files together); beyond this the answer is 413.</summary>
    public int MaxInputFiles { get; set; } = 100;
    /// <summary>Total size of one execution's input files; beyond this the answer is 413.</summary>
    public int MaxInputMb { get; set; } = 512;
    /// <summary>
    /// Input files in work dirs at once, service-wide (they sit in RAM, charged to the service, not to the job):
    /// an execution waits in the queue until its inputs fit. At least <see cref="MaxInputMb"/>.
    /// </summary>
    public int InputBudgetMb { get; set; } = 1024;

    public TimeSpan ClampTimeout(double? requestedMs)
    {
        var max = TimeSpan.FromSeconds(MaxTimeoutSeconds);
        if (requestedMs is not { } ms || double.IsNaN(ms) || ms <= 0)
        {
            return TimeSpan.FromSeconds(Math.Min(DefaultTimeoutSeconds, MaxTimeoutSeconds));
        }
        return TimeSpan.FromMilliseconds(Math.Clamp(ms, 100, max.TotalMilliseconds));
    }
}

internal sealed class ExecutionOptionsValidator : IValidateOptions<ExecutionOptions>
{
    public ValidateOptionsResult Validate(string? name, ExecutionOptions o)
    {
        List<string> errors = [];
        void Positive(int value, string what)
        {
            if (value <= 0)
            {
                errors.Add($"{what} must be positive, got {value}");
            }
        }
        Positive(o.DefaultTimeoutSeconds, "DefaultTimeoutSeconds (CODE_TIMEOUT_SECONDS)");
        Positive(o.MaxTimeoutSeconds, "MaxTimeoutSeconds (CODE_MAX_TIMEOUT_SECONDS)");
        Positive(o.MaxProcesses, "MaxProcesses (CODE_MAX_PROCESSES)");
        Positive(o.MaxFileSizeMb, "MaxFileSizeMb");
        Positive(o.TmpMb, "TmpMb");
        Positive(o.WorkDirMb, "WorkDirMb");
        Positive(o.WorkDirInodes, "WorkDirInodes");
        Positive(o.OutputLimitKb, "OutputLimitKb (CODE_OUTPUT_LIMIT_KB)");
        Positive(o.MaxOutputFileMb, "MaxOutputFileMb (CODE_MAX_OUTPUT_FILE_MB)");
        Positive(o.MaxOutputDepth, "MaxOutputDepth");
        Positive(o.MaxConcurrency, "MaxConcurrency (CODE_MAX_CONCURRENCY)");
        Positive(o.MaxRequestKb, "MaxRequestKb");
        Positive(o.MaxInputFiles, "MaxInputFiles (CODE_MAX_INPUT_FILES)");
        Positive(o.MaxInputMb, "MaxInputMb (CODE_MAX_INPUT_MB)");
        if (o.InputBudgetMb < o.MaxInputMb)
        {
            errors.Add($"InputBudgetMb (CODE_INPUT_BUDGET_MB) must be at least MaxInputMb (CODE_MAX_INPUT_MB, {o.MaxInputMb}), "
                + $"or an execution with the largest allowed inputs would wait for ever; got {o.InputBudgetMb}");
        }
        if (o.MemoryMb < 32)
        {
            errors.Add($"MemoryMb (CODE_MEMORY_MB) must be at least 32, got {o.MemoryMb}");
        }
        if (o.MaxOutputFiles < 0 || o.QueueLimit < 0)
        {
            errors.Add("MaxOutputFiles and QueueLimit must not be negative");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
