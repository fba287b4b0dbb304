using Xunit.Abstractions;
using Xunit.Sdk;

namespace CodeInterpreter.Tests.Storage;

/// <summary>Marks a test class that needs the real S3-compatible store that ./test.sh starts (Swift on loopback).</summary>
public interface INeedsS3Store;

/// <summary>
/// A storage test. In a class that needs S3 (<see cref="INeedsS3Store"/>) it is skipped with a reason when no store
/// is configured — except in CI (CI=true), where it runs and fails, so a missing store cannot pass quietly.
/// </summary>
[XunitTestCaseDiscoverer("CodeInterpreter.Tests.Storage.StoreFactDiscoverer", "CodeInterpreter.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        if (typeof(INeedsS3Store).IsAssignableFrom(type) && S3TestStore.SkipReason is { } reason)
        {
            return [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        }
        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
