using System.Globalization;
using System.Runtime.InteropServices;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// The host kernel's shared budgets, read from the test process (outside every sandbox): what an attack would have
/// taken from everyone else on the machine.
/// </summary>
internal static partial class HostKernel
{
    private const long PageBytes = 4096;

    /// <summary>Whether the host itself can still set up an AIO context (io_setup(1), then io_destroy).</summary>
    public static bool IoSetupWorks()
    {
        var (setup, destroy) = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? (0L, 1L) : (206L, 207L);
        if (Syscall(setup, 1, out var context) != 0)
        {
            return false;
        }
        _ = Syscall(destroy, (long)context, out _);
        return true;
    }

    /// <summary>AIO events reserved host-wide (fs.aio-nr, out of fs.aio-max-nr).</summary>
    public static long AioEvents() => ReadLong("/proc/sys/fs/aio-nr");

    /// <summary>Pseudo-terminals open host-wide (kernel.pty.nr, out of kernel.pty.max).</summary>
    public static long Ptys() => ReadLong("/proc/sys/kernel/pty/nr");

    /// <summary>Open files host-wide (the first field of fs.file-nr, out of fs.file-max).</summary>
    public static long OpenFiles() => long.Parse(File.ReadAllText("/proc/sys/fs/file-nr").Split('\t')[0], CultureInfo.InvariantCulture);

    /// <summary>Socket buffer memory host-wide, from /proc/net/sockstat (TCP and UDP "mem", in pages).</summary>
    public static (long TcpBytes, long UdpBytes) SocketBuffers()
    {
        long tcp = 0, udp = 0;
        foreach (var line in File.ReadLines("/proc/net/sockstat"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var mem = Array.IndexOf(fields, "mem");
            if (mem > 0 && mem + 1 < fields.Length)
            {
                var bytes = long.Parse(fields[mem + 1], CultureInfo.InvariantCulture) * PageBytes;
                if (fields[0] == "TCP:")
                {
                    tcp = bytes;
                }
                else if (fields[0] == "UDP:")
                {
                    udp = bytes;
                }
            }
        }
        return (tcp, udp);
    }

    /// <summary>MemAvailable from /proc/meminfo, in bytes.</summary>
    public static long MemAvailable() =>
        File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024)
            .Single();

    private static long ReadLong(string path) => long.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);

    [LibraryImport("libc", EntryPoint = "syscall")]
    private static partial long Syscall(long number, long first, out ulong second);
}

/// <summary>
/// Samples <see cref="HostKernel"/> every few milliseconds while an attack runs, keeping the extremes: the
/// assertions are about the worst moment, not the state after the job was torn down.
/// </summary>
internal sealed class HostKernelSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private HostKernelSampler()
    {
        Baseline = Sample.Take();
        Worst = Baseline;
        _loop = Task.Run(LoopAsync);
    }

    public Sample Baseline { get; }

    /// <summary>The highest of each counter and the lowest MemAvailable seen; IoSetupFailures counts failed probes.</summary>
    public Sample Worst { get; private set; }

    public int Samples { get; private set; }

    public static HostKernelSampler Start() => new();

    /// <summary>Stops sampling and returns the worst moment seen.</summary>
    public async Task<Sample> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return Worst;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Worst = Worst.Combine(Sample.Take());
            Samples++;
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }

    internal sealed record Sample(long AioEvents, int IoSetupFailures, long Ptys, long OpenFiles, long TcpBytes, long UdpBytes, long MemAvailable)
    {
        public static Sample Take()
        {
            var (tcp, udp) = HostKernel.SocketBuffers();
            return new Sample(HostKernel.AioEvents(), HostKernel.IoSetupWorks() ? 0 : 1, HostKernel.Ptys(), HostKernel.OpenFiles(),
                tcp, udp, HostKernel.MemAvailable());
        }

        public Sample Combine(Sample next) => new(
            Math.Max(AioEvents, next.AioEvents), IoSetupFailures + next.IoSetupFailures, Math.Max(Ptys, next.Ptys),
            Math.Max(OpenFiles, next.OpenFiles), Math.Max(TcpBytes, next.TcpBytes), Math.Max(UdpBytes, next.UdpBytes),
            Math.Min(MemAvailable, next.MemAvailable));

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture,
                $"aio-nr {AioEvents}, io_setup failures {IoSetupFailures}, pty nr {Ptys}, open files {OpenFiles}, "
                + $"TCP buffers {TcpBytes >> 20} MiB, UDP buffers {UdpBytes >> 20} MiB, MemAvailable {MemAvailable >> 20} MiB");
    }
}
