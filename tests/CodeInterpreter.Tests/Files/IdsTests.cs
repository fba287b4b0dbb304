using CodeInterpreter.Files;

namespace CodeInterpreter.Tests.Files;

public sealed class IdsTests
{
    [Fact]
    public void New_IsValidAndUnique()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Ids.New()).ToList();
        Assert.All(ids, id => Assert.True(Ids.IsValid(id), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstu", true)]
    [InlineData("ABC_def-0123456789xyz", true)]
    [InlineData("abcdefghijklmnopqrst", false)]
    [InlineData("abcdefghijklmnopqrstuv", false)]
    [InlineData("../../../../etc/passwd", false)]
    [InlineData("abcdefghij/lmnopqrstu", false)]
    [InlineData("abcdefghij.lmnopqrstu", false)]
    [InlineData("abcdefghij\0lmnopqrstu", false)]
    [InlineData("abcdéfghijklmnopqrstu", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_AcceptsOnly21NanoidCharacters(string? id, bool valid) => Assert.Equal(valid, Ids.IsValid(id));
}
