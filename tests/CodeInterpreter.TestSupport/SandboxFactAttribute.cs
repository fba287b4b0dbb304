namespace CodeInterpreter.TestSupport;

/// <summary>
/// A test that runs code in the real sandbox. Skipped with the reason when the machine cannot run one (see
/// <see cref="SandboxRequirement"/>), never under CI=true, where it runs and fails instead.
/// </summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute() => Skip = SandboxRequirement.SkipReason();
}

/// <summary>The <see cref="SandboxFactAttribute"/> rule for theories.</summary>
public sealed class SandboxTheoryAttribute : TheoryAttribute
{
    public SandboxTheoryAttribute() => Skip = SandboxRequirement.SkipReason();
}
