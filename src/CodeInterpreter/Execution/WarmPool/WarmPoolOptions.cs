namespace CodeInterpreter.Execution.WarmPool;

/// <summary>Section "WarmPool" (<c>CODE_WARM_POOL_SIZE</c>).</summary>
public sealed class WarmPoolOptions
{
    /// <summary>Python sandboxes kept started with numpy, pandas and matplotlib imported; 0 turns the pool off.</summary>
    public int PythonSize { get; set; } = 2;

    /// <summary>Added to a warm sandbox's memory limit: what the preloaded libraries hold (60 MiB measured), so the program keeps its full limit.</summary>
    public int PreloadMemoryMb { get; set; } = 64;

    /// <summary>Room for input files in a warm sandbox's /mnt/data; runs with more input go cold.</summary>
    public int InputMb { get; set; } = 256;
}
