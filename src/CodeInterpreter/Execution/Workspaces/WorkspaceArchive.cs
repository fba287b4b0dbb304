using System.Formats.Tar;
using System.Security.Cryptography;
using CodeInterpreter.Files;
using CodeInterpreter.Sandbox;

namespace CodeInterpreter.Execution.Workspaces;

/// <summary>
/// A workspace is one tar of /mnt/data's regular files, written by the service from its own no-follow scan of the work
/// dir and read back only through the job's no-follow writes: links, devices and FIFOs never enter or leave it.
/// </summary>
internal static class WorkspaceArchive
{
    /// <summary>Writes the archive's files into the job's work dir; returns what was written (path → size and MD5).</summary>
    public static async Task<Dictionary<string, FileDigest>> RestoreAsync(Stream archive, ISandboxJob job, CancellationToken cancellationToken)
    {
        var written = new Dictionary<string, FileDigest>(StringComparer.Ordinal);
        await using var reader = new TarReader(archive, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null
                || FileNames.Validate(entry.Name) is not null)
            {
                continue;
            }
            using var md5 = MD5.Create();
            await using (var hashing = new CryptoStream(entry.DataStream, md5, CryptoStreamMode.Read, leaveOpen: true))
            {
                await job.WriteWorkFileAsync(entry.Name, hashing, cancellationToken).ConfigureAwait(false);
            }
            written[entry.Name] = new FileDigest(entry.Length, Convert.ToHexStringLower(md5.Hash!));
        }
        return written;
    }

    /// <summary>Writes the scanned files into <paramref name="target"/> as a tar.</summary>
    public static async Task WriteAsync(Stream target, ISandboxJob job, IEnumerable<WorkFile> files, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(target, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var file in files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            await using var content = job.OpenWorkFile(file.RelativePath);
            var entry = new PaxTarEntry(TarEntryType.RegularFile, file.RelativePath)
            {
                DataStream = content,
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>MD5 of one work-dir file (to tell whether the workspace changed).</summary>
    public static async Task<string> Md5Async(ISandboxJob job, string path)
    {
        await using var content = job.OpenWorkFile(path);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(content).ConfigureAwait(false));
    }
}
