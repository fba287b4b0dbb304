using System.Collections.Concurrent;

namespace CodeInterpreter.Execution.Programmatic;

/// <summary>
/// The live programmatic executions of this node, by the hash of their current continuation token and by the client's
/// request ids (for cancellation). Tokens themselves are never kept.
/// </summary>
internal sealed class ProgrammaticRegistry
{
    private readonly ConcurrentDictionary<string, ProgrammaticExecution> _byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProgrammaticExecution> _byRequest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ProgrammaticExecution, byte> _all = new();

    public int Count => _all.Count;

    public IReadOnlyCollection<ProgrammaticExecution> All => [.. _all.Keys];

    public void Add(ProgrammaticExecution execution) => _all[execution] = 0;

    public void AddRequest(string? requestId, ProgrammaticExecution execution)
    {
        if (requestId is { Length: > 0 and <= 128 })
        {
            _byRequest[requestId] = execution;
        }
    }

    public void Rekey(ProgrammaticExecution execution, string? previousHash, string hash)
    {
        if (previousHash is not null)
        {
            _byToken.TryRemove(new KeyValuePair<string, ProgrammaticExecution>(previousHash, execution));
        }
        _byToken[hash] = execution;
    }

    public ProgrammaticExecution? ByTokenHash(string hash) => _byToken.GetValueOrDefault(hash);

    public ProgrammaticExecution? ByRequest(string requestId) => _byRequest.GetValueOrDefault(requestId);

    public void Remove(ProgrammaticExecution execution)
    {
        _all.TryRemove(execution, out _);
        foreach (var entry in _byToken.Where(e => e.Value == execution))
        {
            _byToken.TryRemove(entry);
        }
        foreach (var entry in _byRequest.Where(e => e.Value == execution))
        {
            _byRequest.TryRemove(entry);
        }
    }
}
