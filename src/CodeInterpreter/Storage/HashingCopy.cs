using System.Buffers;
using System.Security.Cryptography;

namespace CodeInterpreter.Storage;

/// <summary>Copies a stream while feeding an MD5: both stores learn the content's digest in the one pass that stores it.</summary>
internal static class HashingCopy
{
    private const int BufferSize = 81920;

    /// <summary>Copies at most <paramref name="limit"/> bytes; true when the source ended within the limit.</summary>
    public static async Task<bool> CopyAsync(Stream source, Stream target, IncrementalHash md5, long limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long copied = 0;
            while (copied < limit)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, limit - copied)), cancellationToken);
                if (read == 0)
                {
                    return true;
                }
                md5.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                copied += read;
            }
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
