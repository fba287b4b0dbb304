
namespace CodeInterpreter.Sandbox.Launch;

/// <summary>
/// Output flood: collects stdout and stderr up to their caps, plus both interleaved in arrival order.
/// The first byte over a cap marks the stream truncated and asks for the job to be killed.
/// </summary>
internal sealed class OutputCapture(int stdoutCap, int stderrCap, Action onOverflow)
{
    private const int ChunkSize = 16 * 1024;
    private readonly Lock _lock = new();
    private readonly MemoryStream _stdout = new();
    private readonly MemoryStream _stderr = new();
    private readonly MemoryStream _output = new();

    public bool StdoutTruncated { get; private set; }
    public bool StderrTruncated { get; private set; }

    public byte[] Stdout => Snapshot(_stdout);
    public byte[] Stderr => Snapshot(_stderr);
    public byte[] Output => Snapshot(_output);

    public Task PumpStdoutAsync(Stream stream) => PumpAsync(stream, _stdout, stdoutCap, () => StdoutTruncated = true);

    public Task PumpStderrAsync(Stream stream) => PumpAsync(stream, _stderr, stderrCap, () => StderrTruncated = true);

    private async Task PumpAsync(Stream stream, MemoryStream target, int cap, Action markTruncated)
    {
        var buffer = new byte[ChunkSize];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                if (!Append(target, buffer.AsSpan(0, read), cap, markTruncated))
                {
                    onOverflow();
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe went away with the killed process tree.
        }
    }

    /// <summary>Appends what fits under the cap; false when the stream went over it.</summary>
    private bool Append(MemoryStream target, ReadOnlySpan<byte> data, int cap, Action markTruncated)
    {
        lock (_lock)
        {
            var room = (int)Math.Max(0, cap - target.Length);
            var taken = data[..Math.Min(room, data.Length)];
            target.Write(taken);
            _output.Write(taken);
            if (taken.Length < data.Length)
            {
                markTruncated();
                return false;
            }
            return true;
        }
    }

    private byte[] Snapshot(MemoryStream stream)
    {
        lock (_lock)
        {
            return stream.ToArray();
        }
    }
}
