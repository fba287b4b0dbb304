using Xunit.Sdk;

namespace CodeInterpreter.IntegrationTests.Languages;

/// <summary>
/// A <see cref="SandboxFactAttribute"/> whose body may also skip at run time through
/// <see cref="LanguageAvailability.RequireAsync"/>: a toolchain that /health reports missing, outside CI.
/// </summary>
[XunitTestCaseDiscoverer("CodeInterpreter.IntegrationTests.Languages.LanguageFactDiscoverer", "CodeInterpreter.IntegrationTests")]
public sealed class LanguageFactAttribute : FactAttribute
{
    public LanguageFactAttribute() => Skip = SandboxRequirement.SkipReason();
}

/// <summary>The <see cref="LanguageFactAttribute"/> rule for theories.</summary>
[XunitTestCaseDiscoverer("CodeInterpreter.IntegrationTests.Languages.LanguageTheoryDiscoverer", "CodeInterpreter.IntegrationTests")]
public sealed class LanguageTheoryAttribute : TheoryAttribute
{
    public LanguageTheoryAttribute() => Skip = SandboxRequirement.SkipReason();
}

/// <summary>Thrown by a test to be reported as skipped (xunit 2 has no run-time skip of its own).</summary>
public sealed class LanguageSkipException(string reason) : Exception(reason);
