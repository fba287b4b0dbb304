using System.Runtime.Versioning;

// The service instances run sandboxed processes, fork bombs and timing-sensitive checks: one collection at a time
// keeps one test's attack from starving another instance's run.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Real bubblewrap, /proc and Unix file modes: this suite runs on Linux only.
[assembly: SupportedOSPlatform("linux")]
