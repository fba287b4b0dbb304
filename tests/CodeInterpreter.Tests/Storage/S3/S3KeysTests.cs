using CodeInterpreter.Storage;
using CodeInterpreter.Storage.S3;

namespace CodeInterpreter.Tests.Storage;

public sealed class S3KeysTests
{
    private static readonly string s_sid = Ids.New();
    private static readonly string s_fid = Ids.New();

    [Theory]
    [InlineData("")]
    [InlineData("code/")]
    public void ObjectKey_IsTheLocalStoresKeyUnderThePrefix(string prefix)
    {
        var keys = new S3Keys(prefix);

        Assert.Equal($"{prefix}{s_sid}/{s_fid}.csv", keys.ObjectKey(s_sid, s_fid, "dir/Data.CSV"));
        Assert.Equal($"{prefix}{s_sid}/{s_fid}", keys.ObjectKey(s_sid, s_fid, "Makefile"));
        Assert.Equal((s_sid, s_fid), keys.Parse(keys.ObjectKey(s_sid, s_fid, "a.tar.gz")));
    }

    [Theory]
    [InlineData("notes/readme.txt")]
    [InlineData(".code-interpreter/sweeper-lease.json")]
    [InlineData("short/abc.txt")]
    public void Parse_ForeignKeys_IsNull(string key) => Assert.Null(new S3Keys("").Parse(key));

    [Fact]
    public void Parse_KeysOutsideThePrefixOrNested_IsNull()
    {
        var keys = new S3Keys("code/");
        Assert.Null(keys.Parse($"{s_sid}/{s_fid}.txt"));
        Assert.Null(keys.Parse($"code/{s_sid}/{s_fid}/x.txt"));
        Assert.Null(keys.Parse(keys.LeaseKey));
    }

    [Theory]
    [InlineData("plain.csv")]
    [InlineData("données/été 2026 ✓.csv")]
    [InlineData("100% + more;=&?.txt")]
    public void Names_RoundTripThroughAsciiMetadata(string name)
    {
        var encoded = S3Keys.EncodeName(name);

        Assert.All(encoded, c => Assert.InRange(c, (char)0x21, (char)0x7e));
        Assert.Equal(name, S3Keys.DecodeName(encoded));
    }

    [Fact]
    public void DecodeName_Garbage_IsNull()
    {
        Assert.Null(S3Keys.DecodeName(null));
        Assert.Null(S3Keys.DecodeName(""));
    }
}
