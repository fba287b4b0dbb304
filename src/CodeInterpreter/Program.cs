using CodeInterpreter.Api;
using CodeInterpreter.Api.Limits;
using CodeInterpreter.Auth;
using CodeInterpreter.Execution;
using CodeInterpreter.Health;
using CodeInterpreter.Hosting;
using CodeInterpreter.Hosting.Connections;
using CodeInterpreter.Languages;
using CodeInterpreter.Metrics;
using CodeInterpreter.OpenApi;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddEnvironmentVariableMap();
builder.AddServerHosting();

builder.Services.AddAuth();
builder.Services.AddApi();
builder.Services.AddExecution();
builder.Services.AddLanguages();
builder.Services.AddSandbox();
builder.Services.AddFileStore();
builder.Services.AddServiceHealth();
builder.Services.AddServiceMetrics();
builder.Services.AddOpenApiDocument();

var app = builder.Build();
if (!StartupCheck.Passes(app))
{
    return StartupCheck.ExitCode;
}
app.ReportConnectionBudget();
app.UseTrustedProxies();
app.UseRequestLogging();
app.UseJsonErrors();
app.UseRequestLimits();
app.MapServiceMetrics();
app.MapOpenApiDocument();
app.MapServiceHealth(app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.PathPrefix);
app.MapCodeInterpreterApi();
app.WarnAboutAuthentication();
app.Run();
return 0;

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
