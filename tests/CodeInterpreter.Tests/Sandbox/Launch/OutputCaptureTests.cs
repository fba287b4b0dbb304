using System.Text;
using CodeInterpreter.Sandbox.Bwrap;
using CodeInterpreter.Sandbox.Launch;
using CodeInterpreter.Sandbox.Native;

namespace CodeInterpreter.Tests.Sandbox.Launch;

public sealed class OutputCaptureTests
{
    [Fact]
    public async Task Streams_UnderTheirCaps_AreKeptWhole()
    {
        var overflowed = false;
        var capture = new OutputCapture(100, 100, () => overflowed = true);

        await capture.PumpStdoutAsync(new MemoryStream("out"u8.ToArray()));
        await capture.PumpStderrAsync(new MemoryStream("err"u8.ToArray()));

        Assert.Equal("out", Encoding.UTF8.GetString(capture.Stdout));
        Assert.Equal("err", Encoding.UTF8.GetString(capture.Stderr));
        Assert.Equal("outerr", Encoding.UTF8.GetString(capture.Output));
        Assert.False(overflowed || capture.StdoutTruncated || capture.StderrTruncated);
    }

    [Fact]
    public async Task Stream_OverItsCap_IsCutMarkedAndTriggersTheKill()
    {
        var overflowed = false;
        var capture = new OutputCapture(10, 100, () => overflowed = true);

        await capture.PumpStdoutAsync(new MemoryStream(new byte[100_000]));

        Assert.Equal(10, capture.Stdout.Length);
        Assert.Equal(10, capture.Output.Length);
        Assert.True(capture.StdoutTruncated);
        Assert.False(capture.StderrTruncated);
        Assert.True(overflowed);
    }

    [Theory]
    [InlineData(137, "SIGKILL")]
    [InlineData(139, "SIGSEGV")]
    [InlineData(152, "SIGXCPU")]
    [InlineData(0, null)]
    [InlineData(1, null)]
    [InlineData(128, null)]
    [InlineData(255, null)]
    public void SignalNames_MapBwrapExitCodes(int exitCode, string? signal)
    {
        Assert.Equal(signal, SignalNames.FromExitCode(exitCode));
    }

    [Fact]
    public void BwrapVersion_ParsesTheVersionLine()
    {
        Assert.Equal("0.8.0", BwrapVersion.Parse("bubblewrap 0.8.0\n"));
    }
}
