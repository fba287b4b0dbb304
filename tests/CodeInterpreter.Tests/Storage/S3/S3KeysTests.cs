using CodeInterpreter.Files;
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

    [Theory]
    [InlineData(1)]
    [InlineData(80)]
    [InlineData(79)]
    [InlineData(256)]
    public void LongNames_AreSplitIntoPiecesEveryStoreAccepts_WithoutCuttingAnEscape(int length)
    {
        foreach (var name in new[] { new string('é', length), new string('a', length), string.Concat(Enumerable.Repeat("a東", length / 2 + 1))[..length] })
        {
            var metadata = new Amazon.S3.Model.MetadataCollection();

            S3Keys.WriteName(metadata, name);

            Assert.All(metadata.Keys, key => Assert.InRange(metadata[key].Length, 1, 256));
            Assert.All(metadata.Keys, key => Assert.DoesNotMatch("%.?$", metadata[key]));
            Assert.Equal(name, S3Keys.ReadName(metadata));
        }
    }
}
