using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CodeInterpreter.IntegrationTests.Storage;

/// <summary>
/// Two service processes on two ports, one bucket on a real S3-compatible store (Swift): any node serves any request,
/// because the bucket is the only shared state.
/// </summary>
public sealed partial class MultiNodeTests(ITestOutputHelper output)
{
    [S3NodesFact]
    public async Task FileUploadedOnA_IsUsedByExecOnB_AndItsOutputsServedEverywhere()
    {
        await using var cluster = new S3Nodes();
        try
        {
            var a = await cluster.StartNodeAsync();
            var b = await cluster.StartNodeAsync();
            using var onA = a.CreateClient(a.Keys[0]);
            using var onB = b.CreateClient(b.Keys[0], "v1");
            Assert.NotEqual(a.DataDir, b.DataDir);

            // Upload on A.
            var csv = "x,y\n1,2\n3,4\n";
            var upload = await onA.UploadAsync("data.csv", csv);
            var uploaded = (JsonObject)upload.Files()[0]!;
            var (uploadSid, uploadFid) = (upload.Str("session_id"), uploaded.Str("fileId"));

            // Exec on B with the ref: reads the file, writes two outputs, one nested.
            var body = ServiceApi.ExecBody("py", """
                import csv, os
                rows = list(csv.DictReader(open('data.csv')))
                total = sum(int(r['x']) + int(r['y']) for r in rows)
                os.makedirs('out', exist_ok=True)
                open('out/total.txt', 'w').write(str(total))
                open('résumé.md', 'w').write('# total\n' + str(total) + '\n')
                print(total)
                """);
            body["files"] = new JsonArray(new JsonObject { ["id"] = uploadFid, ["session_id"] = uploadSid, ["name"] = "data.csv" });
            var run = await onB.ExecAsync(body);
            run.AssertRan("10\n");
            var execSid = run.Str("session_id");
            var total = run.FileNamed("out/total.txt");
            var report = run.FileNamed("résumé.md");
            Assert.True(run.FileNamed("data.csv")["inherited"]!.GetValue<bool>());

            // Outputs download from A, byte-exact; A lists B's session the same way B does.
            Assert.Equal("10"u8.ToArray(), await onA.DownloadAsync(execSid, total.Str("id")));
            Assert.Equal("# total\n10\n"u8.ToArray(), await onA.DownloadAsync(execSid, report.Str("id")));
            var listedOnB = Names(await onB.GetJsonAsync($"files/{execSid}?detail=normalized"));
            var listedOnA = Names(await onA.GetJsonAsync($"files/{execSid}?detail=normalized"));
            Assert.Equal(["data.csv", "out/total.txt", "résumé.md"], listedOnB);
            Assert.Equal(listedOnB, listedOnA);
            Assert.Equal(["data.csv"], Names(await onB.GetJsonAsync($"files/{uploadSid}?detail=normalized")));
            var meta = await onB.GetJsonAsync($"sessions/{uploadSid}/objects/{uploadFid}");
            Assert.Equal("data.csv", meta.Str("originalFilename"));

            // The next call, on A this time, mounts B's whole output session by session_id.
            var next = ServiceApi.ExecBody("bash", "cat out/total.txt; echo; ls");
            next["session_id"] = execSid;
            (await onA.ExecAsync(next)).AssertRan("10\ndata.csv\nout\nrésumé.md\n");

            // Delete on A: gone on B, whatever B looked up before.
            using (var deleted = await onA.DeleteAsync($"files/{execSid}/{report.Str("id")}"))
            {
                Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            }
            using (var gone = await onB.GetAsync($"download/{execSid}/{report.Str("id")}"))
            {
                await gone.AssertErrorAsync(HttpStatusCode.NotFound);
            }
            Assert.DoesNotContain("résumé.md", Names(await onB.GetJsonAsync($"files/{execSid}?detail=normalized")));

            foreach (var node in new[] { onA, onB })
            {
                var storage = (await node.GetJsonAsync("health"))["storage"]!;
                Assert.Equal(("s3", true), (storage.Str("backend"), storage["available"]!.GetValue<bool>()));
            }
        }
        finally
        {
            output.WriteLine(cluster.Logs());
        }
    }

    [S3NodesFact]
    public async Task ExpiryRunningOnBothNodes_RemovesEachExpiredFileOnce()
    {
        await using var cluster = new S3Nodes();
        var shortLived = new Dictionary<string, string>
        {
            ["CODE_SESSION_TTL_HOURS"] = "0.002", // 7.2 s
            ["Storage__SweepInterval"] = "00:00:01",
        };
        try
        {
            var a = await cluster.StartNodeAsync(shortLived);
            var b = await cluster.StartNodeAsync(shortLived);
            using var onA = a.CreateClient(a.Keys[0]);
            using var onB = b.CreateClient(b.Keys[0]);
            var files = new List<(string Sid, string Fid)>();
            for (var i = 0; i < 6; i++)
            {
                var reply = await (i % 2 == 0 ? onA : onB).UploadAsync($"f{i}.txt", $"file {i}");
                files.Add((reply.Str("session_id"), ((JsonObject)reply.Files()[0]!).Str("fileId")));
            }

            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && await AnyListedAsync(onA, files) | await AnyListedAsync(onB, files))
            {
                await Task.Delay(500);
            }

            Assert.False(await AnyListedAsync(onA, files) || await AnyListedAsync(onB, files), "files outlived their TTL");
            foreach (var (sid, fid) in files)
            {
                using var response = await onB.GetAsync($"download/{sid}/{fid}");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
            var (expiredOnA, expiredOnB) = (await ExpiredAsync(onA), await ExpiredAsync(onB));
            output.WriteLine($"expired: node A {expiredOnA}, node B {expiredOnB}");
            Assert.Equal(files.Count, expiredOnA + expiredOnB);
            Assert.Contains(0, new[] { expiredOnA, expiredOnB });
        }
        finally
        {
            output.WriteLine(cluster.Logs());
        }
    }

    private static List<string> Names(JsonNode listing) =>
        [.. listing.AsArray().Select(f => f.Str("name")).Order(StringComparer.Ordinal)];

    private static async Task<bool> AnyListedAsync(HttpClient client, List<(string Sid, string Fid)> files)
    {
        foreach (var (sid, _) in files)
        {
            if ((await client.GetJsonAsync($"files/{sid}?detail=summary")).AsArray().Count > 0)
            {
                return true;
            }
        }
        return false;
    }

    private static async Task<long> ExpiredAsync(HttpClient client)
    {
        var text = Encoding.UTF8.GetString(await client.GetByteArrayAsync("metrics"));
        var match = ExpiredLine().Match(text);
        return match.Success ? (long)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^code_interpreter_storage_expired_files_total(?:\{[^}]*\})? (\S+)$", RegexOptions.Multiline)]
    private static partial Regex ExpiredLine();
}
