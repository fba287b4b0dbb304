using System.Security.Cryptography;

namespace CodeInterpreter.IntegrationTests.Hostile;

/// <summary>
/// Filling the store: an upload over the user's quota is refused whole and leaves no byte in the store directory, an
/// /exec whose outputs would pass it still answers 200 with a note and stores nothing of them, other users go on, and
/// a disk at its free-space floor refuses every write with 507.
/// </summary>
[Collection(BudgetCollection.Name)]
public sealed class QuotaAttackTests(BudgetFixture fixture, ITestOutputHelper output) : BudgetTest(fixture, output)
{
    private const int MiB = 1024 * 1024;

    [SandboxFact]
    public async Task Upload_OverTheUsersQuota_Is413AndNothingOfItIsStored()
    {
        var user = NewUser("hoarder");
        await UploadOkAsync(user, "first.bin", RandomNumberGenerator.GetBytes(3 * MiB));
        var before = StoreFiles(Service);

        using (var over = await UploadAsAsync(user, "second.bin", RandomNumberGenerator.GetBytes(2 * MiB)))
        {
            await AssertErrorAsync(over, HttpStatusCode.RequestEntityTooLarge, "Storage quota exceeded",
                $"of the {BudgetFixture.PerUserQuotaMb} MiB allowed per 24 h");
        }
        // Two parts: the first fits, the second does not; the upload is all or nothing.
        using (var form = ServiceApi.Form([], ServiceApi.FilePart(new byte[MiB / 2], "fits.bin"), ServiceApi.FilePart(new byte[MiB], "over.bin")))
        using (var request = new HttpRequestMessage(HttpMethod.Post, "upload") { Content = form })
        {
            request.Headers.Add("User-Id", user);
            using var both = await Client.SendAsync(request);
            await AssertErrorAsync(both, HttpStatusCode.RequestEntityTooLarge, "Storage quota exceeded", "MiB allowed");
        }

        Assert.Equal(before, StoreFiles(Service));
        await UploadOkAsync(NewUser("bystander"), "other.bin", RandomNumberGenerator.GetBytes(3 * MiB));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Exec_OutputsOverTheUsersQuota_Are200WithANoteAndNotStored()
    {
        var user = NewUser("writer");
        await UploadOkAsync(user, "first.bin", RandomNumberGenerator.GetBytes(3 * MiB));
        const string Program = """
            import os
            with open("big.bin", "wb") as f:
                f.write(os.urandom(2 * 1024 * 1024))
            with open("small.txt", "w") as f:
                f.write("fits")
            print("done")
            """;
        var before = StoreFiles(Service);

        var reply = await Client.ExecAsync(ExecAs(user, "py", Program));

        reply.AssertRan("done\n");
        Assert.Equal(["small.txt"], reply.Files().Select(f => f.Str("name")));
        Assert.Contains("[files] 'big.bin' was not kept: Storage quota exceeded: this user already stored", reply.Str("stderr"), StringComparison.Ordinal);
        var added = StoreFiles(Service).Where(f => !before.ContainsKey(f.Key)).ToList();
        Output.WriteLine($"added to the store: {string.Join(", ", added.Select(f => $"{f.Key} ({f.Value} bytes)"))}");
        Assert.All(added, f => Assert.StartsWith(reply.Str("session_id") + "/", f.Key, StringComparison.Ordinal));
        Assert.All(added, f => Assert.True(f.Value < MiB, $"{f.Key} ({f.Value} bytes) was stored"));
        // Another user writes the same outputs and keeps them.
        var other = await Client.ExecAsync(ExecAs(NewUser("bystander"), "py", Program));
        Assert.Equal(["big.bin", "small.txt"], other.Files().Select(f => f.Str("name")).Order(StringComparer.Ordinal));
        await AssertAftermathAsync();
    }

    [SandboxFact]
    public async Task Upload_AtTheDisksFreeSpaceFloor_Is507AndNothingIsStored()
    {
        // A second instance whose floor is above what the disk has free: every write must be refused.
        var environment = BudgetFixture.Environment();
        environment.Remove("CODE_UID_BASE");
        var freeMb = new DriveInfo(Path.GetTempPath()).AvailableFreeSpace / MiB;
        environment["CODE_STORAGE_MIN_FREE_MB"] = (freeMb + 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var full = new ServiceProcess(environment);
        await full.StartAsync();
        using var client = full.CreateClient(full.Keys[0]);

        using var form = ServiceApi.Form([("entity_id", "asst_itest")], ServiceApi.FilePart(new byte[4096], "small.csv"));
        using var response = await client.PostFormAsync("upload", form);
        await AssertErrorAsync(response, HttpStatusCode.InsufficientStorage, "Insufficient storage", "disk is almost full");
        var reply = await client.ExecAsync(ExecAs(NewUser("writer"), "py", "open('out.txt', 'w').write('x'); print('ran')"));

        reply.AssertRan("ran\n");
        Assert.Empty(reply.Files());
        Assert.Contains("[files] 'out.txt' was not kept: Storage quota exceeded: the server's disk is almost full", reply.Str("stderr"),
            StringComparison.Ordinal);
        Assert.Empty(StoreFiles(full));
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string error, string message)
    {
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode} {json}");
        var body = JsonNode.Parse(json)!;
        Assert.Equal(error, body.Str("error"));
        Assert.Contains(message, body.Str("message"), StringComparison.Ordinal);
    }

    /// <summary>Every file under the instance's store directory (temporary files included), as the host sees it.</summary>
    private static Dictionary<string, long> StoreFiles(ServiceProcess service)
    {
        var root = Path.Combine(service.DataDir, "files");
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f), f => new FileInfo(f).Length)
            : [];
    }

    private static string NewUser(string role) => $"{role}-{Guid.NewGuid():N}"[..24];
}
