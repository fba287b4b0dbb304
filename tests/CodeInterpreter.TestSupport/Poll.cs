using System.Diagnostics;

namespace CodeInterpreter.TestSupport;

/// <summary>
/// Waiting on state instead of sleeping: the condition is checked until it holds, and only a generous deadline (long
/// enough for a slow, loaded machine; reached only when something is really wrong) fails the test, saying what it
/// waited for and what it saw last.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Probes until <paramref name="done"/> holds for the value; returns that value.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string waitingFor)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"waited {timeout.TotalSeconds:0.#} s for {waitingFor}; last seen: {Describe(value)}");
            }
            await Task.Delay(s_interval);
        }
    }

    public static Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan timeout, string waitingFor) =>
        UntilAsync(() => Task.FromResult(probe()), done, timeout, waitingFor);

    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string waitingFor) =>
        UntilAsync(condition, held => held, timeout, waitingFor);

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string waitingFor) =>
        UntilAsync(() => Task.FromResult(condition()), held => held, timeout, waitingFor);

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.IEnumerable items and not string => "\n" + string.Join('\n', items.Cast<object>()),
        _ => value?.ToString() ?? "null",
    };
}
