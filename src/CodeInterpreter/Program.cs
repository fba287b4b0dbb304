using CodeInterpreter.Api;
using CodeInterpreter.Execution;
using CodeInterpreter.Health;
using CodeInterpreter.Hosting;
using CodeInterpreter.Languages;
using CodeInterpreter.Sandbox;
using CodeInterpreter.Storage;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddSeedEnvironment();
builder.AddServerHosting();
DataDirectory.Prepare(builder.Configuration["Server:DataDir"] ?? SeedEnvironment.DefaultDataDir);

builder.Services.AddApi();
builder.Services.AddExecution();
builder.Services.AddLanguages();
builder.Services.AddSandbox();
builder.Services.AddFileStore();

var app = builder.Build();
app.UseJsonErrors();
app.MapHealthApi(app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.PathPrefix);
app.MapCodeInterpreterApi();
app.WarnAboutAuthentication();
app.Run();

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
