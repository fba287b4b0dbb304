using CodeInterpreter.Hosting;

namespace CodeInterpreter.Tests.Hosting;

public sealed class EnvironmentVariableMapTests
{
    private static Dictionary<string, string?> Map(params (string Name, string Value)[] variables)
    {
        var env = variables.ToDictionary(v => v.Name, v => v.Value);
        return EnvironmentVariableMap.Map(name => env.GetValueOrDefault(name));
    }

    [Fact]
    public void DataDir_FeedsStorageSandboxAndCache()
    {
        var values = Map(("CODE_DATA_DIR", "/srv/ci"));
        Assert.Equal("/srv/ci/files", values["Storage:Root"]);
        Assert.Equal("/srv/ci/jobs", values["Sandbox:JobsRoot"]);
        Assert.Equal("/srv/ci/cache", values["Languages:CacheDir"]);
    }

    [Fact]
    public void NoDataDir_UsesVarLib() => Assert.Equal("/var/lib/code-interpreter/files", Map()["Storage:Root"]);

    [Fact]
    public void Keys_FromBothVariables_AreMergedWithoutDuplicates()
    {
        var values = Map(("CODE_API_KEYS", " a, b ,,a"), ("CODE_API_KEY", "c"));
        Assert.Equal(["a", "b", "c"], values.Where(v => v.Key.StartsWith("Auth:ApiKeys:", StringComparison.Ordinal)).OrderBy(v => v.Key).Select(v => v.Value));
    }

    [Fact]
    public void Concurrency_AndTheWarmPool_SizeTheUidPool()
    {
        var values = Map(("CODE_MAX_CONCURRENCY", "3"));
        // One uid per running execution, per warm sandbox, and per programmatic execution that may be paused (8 by default).
        Assert.Equal(("3", "2", "13"), (values["Execution:MaxConcurrency"], values["WarmPool:PythonSize"], values["Sandbox:UidSlots"]));
        Assert.Equal("3", Map(("CODE_MAX_CONCURRENCY", "3"), ("CODE_WARM_POOL_SIZE", "0"), ("CODE_PTC_MAX_EXECUTIONS", "0"))["Sandbox:UidSlots"]);
    }

    [Fact]
    public void FlatVariables_MapToTheirSections()
    {
        var values = Map(("PORT", "9000"), ("CODE_MEMORY_MB", "256"), ("CODE_SESSION_TTL_HOURS", "1.5"), ("CODE_AUTH_DISABLED", "true"));
        Assert.Equal("9000", values["Server:Port"]);
        Assert.Equal("256", values["Execution:MemoryMb"]);
        Assert.Equal("01:30:00", values["Storage:SessionTtl"]);
        Assert.Equal("true", values["Auth:Disabled"]);
    }

    [Fact]
    public void S3Variables_MapToTheStorageS3Section()
    {
        var values = Map(("CODE_STORAGE", "s3"), ("CODE_S3_ENDPOINT", "http://minio:9000"), ("CODE_S3_BUCKET", "files"),
            ("CODE_S3_ACCESS_KEY", "ak"), ("CODE_S3_SECRET_KEY", "sk"), ("CODE_S3_FORCE_PATH_STYLE", "false"),
            ("CODE_S3_KEY_PREFIX", "ci/"), ("CODE_S3_MULTIPART_THRESHOLD_MB", "8"));
        Assert.Equal("s3", values["Storage:Backend"]);
        Assert.Equal("http://minio:9000", values["Storage:S3:Endpoint"]);
        Assert.Equal("files", values["Storage:S3:Bucket"]);
        Assert.Equal(("ak", "sk"), (values["Storage:S3:AccessKey"], values["Storage:S3:SecretKey"]));
        Assert.Equal("false", values["Storage:S3:ForcePathStyle"]);
        Assert.Equal("ci/", values["Storage:S3:KeyPrefix"]);
        Assert.Equal("8", values["Storage:S3:MultipartThresholdMb"]);
        Assert.Equal("CODE_S3_TIMEOUT_SECONDS", EnvironmentVariableMap.VariableFor("Storage:S3:TimeoutSeconds"));
    }

    [Fact]
    public void CgroupName_IsPerDataDir_SoInstancesNeverRecoverEachOthersJobs()
    {
        var a = Map(("CODE_DATA_DIR", "/srv/a"))["Sandbox:CgroupName"];
        var b = Map(("CODE_DATA_DIR", "/srv/b"))["Sandbox:CgroupName"];
        Assert.NotEqual(a, b);
        Assert.Equal(a, Map(("CODE_DATA_DIR", "/srv/a"))["Sandbox:CgroupName"]);
        Assert.StartsWith("code-interpreter-", a, StringComparison.Ordinal);
    }

    [Fact]
    public void SectionStyleVariables_BeatDerivedValues()
    {
        var values = Map(("CODE_DATA_DIR", "/srv/a"), ("Sandbox__CgroupName", "mine"), ("Execution__MaxConcurrency", "7"));
        Assert.False(values.ContainsKey("Sandbox:CgroupName"));
        Assert.False(values.ContainsKey("Execution:MaxConcurrency"));
        Assert.Equal("/srv/a/files", values["Storage:Root"]);
    }
}
