using System.Net;
using System.Net.Sockets;
using CodeInterpreter.Files;
using CodeInterpreter.Storage;
using CodeInterpreter.Storage.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeInterpreter.Tests.Storage;

/// <summary>
/// A store that refuses connections or never answers: every call ends in <see cref="StorageUnavailableException"/>
/// within its deadline, and once the breaker is open, without touching the network. Needs no real store.
/// </summary>
public sealed class S3StoreUnavailableTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ci-s3-down-" + Guid.NewGuid().ToString("N"));
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];

    public S3StoreUnavailableTests()
    {
        _silent.Start();
        _ = AcceptForeverAsync();
    }

    public void Dispose()
    {
        _silent.Stop();
        _accepted.ForEach(s => s.Dispose());
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private S3FileStore StoreAt(string endpoint)
    {
        var s3 = new S3StorageOptions
        {
            Endpoint = endpoint,
            Bucket = "nowhere",
            AccessKey = "k",
            SecretKey = "s",
            TimeoutSeconds = 1,
            MaxRetries = 1,
            OperationTimeoutSeconds = 2,
        };
        var options = new StorageOptions { Backend = StorageBackends.S3, Root = _root, S3 = s3 };
        return new S3FileStore(options, S3ClientFactory.Create(s3), TimeProvider.System, NullLogger<S3FileStore>.Instance);
    }

    [Fact]
    public async Task ConnectionRefused_EveryOperationThrowsUnavailable()
    {
        using var store = StoreAt($"http://127.0.0.1:{ClosedPort()}");
        var (sid, fid) = (Ids.New(), Ids.New());

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.GetAsync(sid, fid, default));
        Assert.Equal("the store cannot be reached", e.Reason);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.PutAsync(sid, fid, "a.txt", new MemoryStream([1]), default));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ListAsync(sid, default));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.OpenReadAsync(sid, fid, default));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.DeleteAsync(sid, fid, default));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.CopyAsync(sid, fid, Ids.New(), default));
        var status = await store.CheckAsync(default);
        Assert.Equal((false, "the store cannot be reached"), (status.Available, status.Problem));
    }

    [Fact]
    public async Task ServerThatNeverAnswers_TimesOut_ThenTheBreakerFailsFast()
    {
        using var store = StoreAt($"http://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}");

        var first = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => store.GetAsync(Ids.New(), Ids.New(), default).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("the store did not answer in time", first.Reason);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.ListAsync(Ids.New(), default).WaitAsync(TimeSpan.FromSeconds(60)));

        // Two failures opened the breaker: the next call is refused without waiting for the silent server.
        var connectionsBefore = AcceptedCount;
        var fast = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.GetAsync(Ids.New(), Ids.New(), default));
        Assert.Equal("the store did not answer in time", fast.Reason);
        Assert.Equal(connectionsBefore, AcceptedCount);
    }

    [Fact]
    public async Task CallerCancellation_IsNotMistakenForAnOutage()
    {
        using var store = StoreAt($"http://127.0.0.1:{((IPEndPoint)_silent.LocalEndpoint).Port}");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetAsync(Ids.New(), Ids.New(), cancel.Token));
    }

    [Fact]
    public void SpoolFilesOfACrashedUpload_AreRemovedWhenTheStoreStarts()
    {
        var spool = Directory.CreateDirectory(Path.Combine(_root, ".spool"));
        File.WriteAllBytes(Path.Combine(spool.FullName, "0123abcd"), new byte[4096]);

        using var store = StoreAt($"http://127.0.0.1:{ClosedPort()}");

        Assert.Empty(Directory.GetFiles(spool.FullName));
    }

    [Fact]
    public async Task StoreThatStopsSendingMidBody_FailsTheReadInsteadOfHanging()
    {
        var (sid, fid) = (Ids.New(), Ids.New());
        using var stalling = new TcpListener(IPAddress.Loopback, 0);
        stalling.Start();
        _ = ServeThenStallAsync(stalling, $"{sid}/{fid}.txt");
        using var store = StoreAt($"http://127.0.0.1:{((IPEndPoint)stalling.LocalEndpoint).Port}");

        var opened = await store.OpenReadAsync(sid, fid, default);

        Assert.NotNull(opened);
        await using var content = opened.Value.Content;
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => content.CopyToAsync(Stream.Null).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("the store stopped sending", e.Reason);
    }

    /// <summary>A minimal S3: lists one key, then answers its GET with 10 of the 1000 promised bytes and stalls.</summary>
    private async Task ServeThenStallAsync(TcpListener listener, string key)
    {
        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync();
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
                _ = AnswerAsync(socket, key);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task AnswerAsync(Socket socket, string key)
    {
        var stream = new NetworkStream(socket);
        var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        try
        {
            while (await reader.ReadLineAsync() is { } requestLine)
            {
                while (await reader.ReadLineAsync() is { Length: > 0 })
                {
                }
                if (requestLine.Contains("list-type=2", StringComparison.Ordinal))
                {
                    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                        + $"<Name>nowhere</Name><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>{key}</Key>"
                        + "<LastModified>2026-11-26T12:00:00.000Z</LastModified><ETag>\"0123456789abcdef0123456789abcdef\"</ETag><Size>1000</Size></Contents></ListBucketResult>";
                    await WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {xml.Length}\r\n\r\n{xml}");
                    continue;
                }
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\nETag: \"0123456789abcdef0123456789abcdef\"\r\n"
                    + "Last-Modified: Thu, 26 Nov 2026 12:00:00 GMT\r\n\r\n0123456789");
                await Task.Delay(Timeout.Infinite);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static Task WriteAsync(NetworkStream stream, string text) =>
        stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text)).AsTask();

    private int AcceptedCount
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.Count;
            }
        }
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _silent.AcceptSocketAsync();
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
