using Amazon.S3;
using Amazon.S3.Model;

namespace CodeInterpreter.Storage.S3;

/// <summary>
/// State objects under <c>&lt;prefix&gt;.code-interpreter/state/</c>: not a session key, so listings, downloads and
/// the session sweep never see them. Written like large files: spooled to local disk, then one PUT or a multipart upload.
/// </summary>
internal sealed partial class S3FileStore : IStateStore
{
    public bool IsShared => true;

    private string StateKey(string key) => _keys.Prefix + ".code-interpreter/state/" + key;

    public async Task<StateEntry> PutStateAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        StateKeys.Validate(key);
        _breaker.ThrowIfOpen();
        PrivateDirectory.Create(_spoolDir);
        var spool = Path.Combine(_spoolDir, Guid.NewGuid().ToString("N"));
        try
        {
            long size;
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                await write(file, cancellationToken);
                size = file.Length;
            }
            var objectKey = StateKey(key);
            if (size <= _options.MultipartThresholdBytes)
            {
                await CallAsync(ct => _s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = _bucket,
                    Key = objectKey,
                    FilePath = spool,
                    ContentType = "application/octet-stream",
                    UseChunkEncoding = false,
                }, ct), cancellationToken);
            }
            else
            {
                await UploadPartsAsync(objectKey, "state.bin", spool, size, "", cancellationToken);
            }
            return new StateEntry(key, size, _time.GetUtcNow());
        }
        finally
        {
            File.Delete(spool);
        }
    }

    public async Task<StateObject?> OpenStateAsync(string key, CancellationToken cancellationToken)
    {
        StateKeys.Validate(key);
        try
        {
            var response = await CallAsync(ct => _s3.GetObjectAsync(_bucket, StateKey(key), ct), cancellationToken);
            var entry = new StateEntry(key, response.ContentLength, S3Objects.ToOffset(response.LastModified));
            return new StateObject(entry, new ResponseStream(response, TimeSpan.FromSeconds(_options.TimeoutSeconds)));
        }
        catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<StateEntry>> ListStateAsync(string folder, CancellationToken cancellationToken)
    {
        StateKeys.ValidateFolder(folder);
        var prefix = StateKey(folder + "/");
        var entries = new List<StateEntry>();
        await foreach (var entry in ListKeysAsync(prefix, cancellationToken))
        {
            var key = folder + "/" + entry.Key[prefix.Length..];
            if (StateKeys.IsValid(key))
            {
                entries.Add(new StateEntry(key, entry.Size ?? 0, S3Objects.ToOffset(entry.LastModified)));
            }
        }
        return entries;
    }

    public async Task<bool> DeleteStateAsync(string key, CancellationToken cancellationToken)
    {
        StateKeys.Validate(key);
        try
        {
            await CallAsync(ct => _s3.GetObjectMetadataAsync(_bucket, StateKey(key), ct), cancellationToken);
        }
        catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
        {
            return false;
        }
        await CallAsync(ct => _s3.DeleteObjectAsync(_bucket, StateKey(key), ct), cancellationToken);
        return true;
    }
}
