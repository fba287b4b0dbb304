using CodeInterpreter.Sandbox;
using CodeInterpreter.Sandbox.Channels;

namespace CodeInterpreter.Execution.Programmatic;

/// <summary>
/// Waits until the program ends or asks for tools, and gathers what it asks for at once into one batch: after the
/// first call, it keeps collecting until every thread of the run waits (nothing more can come without an answer) or
/// no new call came for a while. Python's <c>asyncio.gather</c> arrives as one line anyway; bash's parallel
/// <c>&amp;</c> calls arrive on several connections and are gathered here.
/// </summary>
internal static class ToolCallCollector
{
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan s_quiet = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_longest = TimeSpan.FromSeconds(2);

    /// <summary>The lines of one batch, or null when the run ended first.</summary>
    public static async Task<List<ChannelMessage>?> NextAsync(ISandboxChannel channel, ILiveRun run, TimeProvider time, int maxMessages)
    {
        var first = channel.ReadAsync(CancellationToken.None).AsTask();
        if (await Task.WhenAny(first, run.Completion).ConfigureAwait(false) != first || await first.ConfigureAwait(false) is not { } message)
        {
            return null;
        }
        List<ChannelMessage> batch = [message];
        var started = time.GetTimestamp();
        var lastNew = started;
        while (batch.Count < maxMessages)
        {
            await Task.Delay(s_tick, time).ConfigureAwait(false);
            if (run.Completion.IsCompleted)
            {
                return null;
            }
            var more = false;
            while (batch.Count < maxMessages && channel.TryRead(out var next))
            {
                batch.Add(next!);
                more = true;
            }
            if (more)
            {
                lastNew = time.GetTimestamp();
                continue;
            }
            if (run.IsQuiescent() || time.GetElapsedTime(lastNew) >= s_quiet || time.GetElapsedTime(started) >= s_longest)
            {
                break;
            }
        }
        return batch;
    }
}
