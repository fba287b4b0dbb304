
namespace CodeInterpreter.Tests.Storage;

/// <summary>A read-only, non-seekable source like a request body.</summary>
internal abstract class SourceStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Yields <paramref name="bytesBeforeFailure"/> bytes, then fails like a dropped upload.</summary>
internal sealed class FailingStream(int bytesBeforeFailure) : SourceStream
{
    private int _served;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_served >= bytesBeforeFailure)
        {
            throw new IOException("connection reset");
        }
        var count = Math.Min(buffer.Length, bytesBeforeFailure - _served);
        buffer.Span[..count].Fill(0x5a);
        _served += count;
        return ValueTask.FromResult(count);
    }
}

/// <summary>Serves the first half of <paramref name="data"/>, then blocks until released.</summary>
internal sealed class GatedStream(byte[] data) : SourceStream
{
    private int _position;

    public TaskCompletionSource HalfServed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var half = data.Length / 2;
        if (_position >= half && !Release.Task.IsCompleted)
        {
            HalfServed.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }
        var limit = _position < half ? half : data.Length;
        var count = Math.Min(buffer.Length, limit - _position);
        data.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
