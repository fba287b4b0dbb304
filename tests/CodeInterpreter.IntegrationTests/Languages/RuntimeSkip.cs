using Xunit.Sdk;

namespace CodeInterpreter.IntegrationTests.Languages;

// xunit 2 decides skips at discovery, before any service runs. These test cases run as usual and turn a failure
// caused by LanguageSkipException into a skip (the approach of the Xunit.SkippableFact package, in a few lines).

public sealed class LanguageFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute) =>
        new RuntimeSkipTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

public sealed class LanguageTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        [new RuntimeSkipTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, dataRow)];

    protected override IEnumerable<IXunitTestCase> CreateTestCasesForTheory(ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        [new RuntimeSkipTheoryTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

public sealed class RuntimeSkipTestCase : XunitTestCase
{
    [Obsolete("For deserialization only")]
    public RuntimeSkipTestCase()
    {
    }

    public RuntimeSkipTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options,
        ITestMethod testMethod, object[]? arguments = null)
        : base(sink, display, options, testMethod, arguments)
    {
    }

    public override Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus,
        object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        SkipTranslatingBus.RunAsync(messageBus, bus => base.RunAsync(diagnosticMessageSink, bus, constructorArguments,
            aggregator, cancellationTokenSource));
}

public sealed class RuntimeSkipTheoryTestCase : XunitTheoryTestCase
{
    [Obsolete("For deserialization only")]
    public RuntimeSkipTheoryTestCase()
    {
    }

    public RuntimeSkipTheoryTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options,
        ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
    }

    public override Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus,
        object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        SkipTranslatingBus.RunAsync(messageBus, bus => base.RunAsync(diagnosticMessageSink, bus, constructorArguments,
            aggregator, cancellationTokenSource));
}

/// <summary>Passes every message on, except a failure by <see cref="LanguageSkipException"/>, which becomes a skip.</summary>
internal sealed class SkipTranslatingBus(IMessageBus inner) : IMessageBus
{
    private static readonly string _skipType = typeof(LanguageSkipException).FullName!;
    private int _skipped;

    public static async Task<RunSummary> RunAsync(IMessageBus messageBus, Func<IMessageBus, Task<RunSummary>> run)
    {
        var bus = new SkipTranslatingBus(messageBus);
        var summary = await run(bus);
        summary.Failed -= bus._skipped;
        summary.Skipped += bus._skipped;
        return summary;
    }

    public bool QueueMessage(IMessageSinkMessage message)
    {
        if (message is ITestFailed failed && failed.ExceptionTypes.FirstOrDefault() == _skipType)
        {
            Interlocked.Increment(ref _skipped);
            return inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages.FirstOrDefault()));
        }
        return inner.QueueMessage(message);
    }

    // The inner bus belongs to the runner that passed it in.
    public void Dispose()
    {
    }
}
