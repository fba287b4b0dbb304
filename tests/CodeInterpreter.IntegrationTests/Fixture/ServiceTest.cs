namespace CodeInterpreter.IntegrationTests.Fixture;

/// <summary>
/// Base for tests against a running service: an authorised client at the root and one under /v1, and on dispose
/// the service's own output during this test goes to the test output (the runner shows it for failed tests).
/// </summary>
public abstract class ServiceTest : IDisposable
{
    private readonly int _logMark;

    protected ServiceTest(ServiceProcess service, ITestOutputHelper output)
    {
        Service = service;
        Output = output;
        _logMark = service.LogMark;
        Client = service.CreateClient(service.Keys[0]);
        V1 = service.CreateClient(service.Keys[0], "v1");
    }

    protected ServiceProcess Service { get; }

    protected ITestOutputHelper Output { get; }

    /// <summary>Authorised with the first key, routes at the root.</summary>
    protected HttpClient Client { get; }

    /// <summary>Authorised with the first key, routes under /v1.</summary>
    protected HttpClient V1 { get; }

    public void Dispose()
    {
        Client.Dispose();
        V1.Dispose();
        Output.WriteLine($"--- service output during this test (port {Service.Port}) ---");
        Output.WriteLine(Service.LogSince(_logMark));
        GC.SuppressFinalize(this);
    }
}
