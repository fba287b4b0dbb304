using System.Diagnostics;

namespace CodeInterpreter.IntegrationTests.Operations;

/// <summary>
/// What can be checked of the image without a Docker engine: the Dockerfile installs the runtimes through the same
/// script as ./run.sh, ./test.sh and CI (and that script's container mode works here), and the compose files carry
/// the promised port, key, volume and the sandbox's container settings.
/// </summary>
public sealed class DeploymentFilesTests
{
    private static readonly string s_root = RepoRoot();

    [Fact]
    public void Dockerfile_InstallsRuntimesThroughTheSharedScript_AndRunsWithAHealthcheck()
    {
        var dockerfile = File.ReadAllText(Path.Combine(s_root, "Dockerfile"));

        Assert.Contains("COPY scripts/install-deps.sh scripts/", dockerfile, StringComparison.Ordinal);
        Assert.Contains("RUN scripts/install-deps.sh --no-dotnet", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM ${RUNTIME_BASE_IMAGE} AS runtime", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ARG RUNTIME_BASE_IMAGE=debian:12-slim", dockerfile, StringComparison.Ordinal);
        Assert.Contains("HEALTHCHECK", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER root", dockerfile, StringComparison.Ordinal);
        // The scripts that CI and a new user run use the very same file.
        foreach (var script in new[] { "run.sh", "test.sh" })
        {
            Assert.Contains("scripts/install-deps.sh", File.ReadAllText(Path.Combine(s_root, script)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compose_StartsItAsTheQuickStartPromises_WithTheSandboxSettings()
    {
        var compose = File.ReadAllText(Path.Combine(s_root, "docker-compose.yml"));
        var override_ = File.ReadAllText(Path.Combine(s_root, "deploy", "librechat", "docker-compose.override.yml"));

        foreach (var text in new[] { compose, override_ })
        {
            foreach (var setting in new[] { "privileged: true", "cgroup: private", "init: true", "stop_grace_period: 45s",
                "code-interpreter-data:/var/lib/code-interpreter", "CODE_API_KEY: ${CODE_API_KEY" })
            {
                Assert.Contains(setting, text, StringComparison.Ordinal);
            }
        }
        Assert.Contains("- \"8700:8700\"", compose, StringComparison.Ordinal);
        Assert.Contains("build: .", compose, StringComparison.Ordinal);
        Assert.Contains("LIBRECHAT_CODE_BASEURL=http://code-interpreter:8700/v1", File.ReadAllText(Path.Combine(s_root, "deploy", "librechat", ".env.gen-a.example")), StringComparison.Ordinal);
        Assert.Contains("LIBRECHAT_CODE_BASEURL=http://<your key>@code-interpreter:8700/v1", File.ReadAllText(Path.Combine(s_root, "deploy", "librechat", ".env.gen-c.example")), StringComparison.Ordinal);
    }

    [Fact]
    public void SystemdUnit_DelegatesCgroups_AndStopsGracefully()
    {
        var unit = File.ReadAllText(Path.Combine(s_root, "deploy", "systemd", "code-interpreter.service"));

        foreach (var line in new[] { "Delegate=yes", "KillMode=mixed", "TimeoutStopSec=45", "RestartPreventExitStatus=78", "User=root" })
        {
            Assert.Contains(line, unit.Split('\n').Select(l => l.Trim()));
        }
    }

    /// <summary>The image's install step, for real: with everything present it verifies and exits 0 without needing dotnet.</summary>
    [SandboxFact]
    public async Task InstallScript_ContainerMode_SucceedsAndRejectsUnknownOptions()
    {
        Assert.Equal(0, await RunAsync("scripts/install-deps.sh", "--no-dotnet"));
        Assert.Equal(2, await RunAsync("scripts/install-deps.sh", "--bogus"));
    }

    private static async Task<int> RunAsync(string script, string argument)
    {
        var start = new ProcessStartInfo(Path.Combine(s_root, script), [argument])
        {
            WorkingDirectory = s_root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        await drain;
        return process.ExitCode;
    }

    [Fact]
    public void NginxSite_NeverResendsAPostThatReachedANode_AndFitsTheServicesLimits()
    {
        var site = File.ReadAllText(Path.Combine(s_root, "deploy", "nginx", "code-interpreter.conf"));
        var directives = string.Join('\n', site.Split('\n').Select(line => line.Split('#')[0]));

        // An /exec resent to a second node would run the model's code twice.
        Assert.Contains("proxy_next_upstream error timeout;", directives, StringComparison.Ordinal);
        Assert.DoesNotContain("non_idempotent", directives, StringComparison.Ordinal);
        Assert.DoesNotContain("http_503", directives, StringComparison.Ordinal);
        Assert.Contains($"client_max_body_size {new CodeInterpreter.Api.ApiOptions().MaxUploadMb}m;", directives, StringComparison.Ordinal);
        Assert.Contains("proxy_request_buffering off;", directives, StringComparison.Ordinal);
        Assert.Contains("$proxy_add_x_forwarded_for", directives, StringComparison.Ordinal);
        var readTimeout = int.Parse(System.Text.RegularExpressions.Regex.Match(directives, @"proxy_read_timeout (\d+)s;").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        var (run, compile) = (new CodeInterpreter.Execution.ExecutionOptions().MaxTimeoutSeconds, new CodeInterpreter.Languages.LanguageOptions().CompileTimeoutSeconds);
        Assert.True(readTimeout > run + compile, $"proxy_read_timeout {readTimeout}s must outlast the longest run ({run} s) plus a compile ({compile} s)");
    }

    [Fact]
    public void KubernetesManifest_IsMarkedUnrun_AndKeepsReadinessOnTheStoreButLivenessOff()
    {
        var path = Path.Combine(s_root, "deploy", "kubernetes", "code-interpreter.yaml");
        var manifest = File.ReadAllText(path);

        Assert.Contains("Written, not run here", manifest, StringComparison.Ordinal);
        foreach (var kind in new[] { "Secret", "ConfigMap", "Deployment", "Service", "PodDisruptionBudget" })
        {
            Assert.Contains($"kind: {kind}\n", manifest, StringComparison.Ordinal);
        }
        Assert.Contains("privileged: true", manifest, StringComparison.Ordinal);
        Assert.Contains("CODE_STORAGE: s3", manifest, StringComparison.Ordinal);
        Assert.Contains("minAvailable: 1", manifest, StringComparison.Ordinal);
        // A liveness probe that followed the store would restart every pod during a store outage.
        var liveness = manifest[manifest.IndexOf("livenessProbe:", StringComparison.Ordinal)..];
        Assert.Contains("path: /openapi.json", liveness[..liveness.IndexOf('\n', liveness.IndexOf("path:", StringComparison.Ordinal))], StringComparison.Ordinal);
        var readiness = manifest[manifest.IndexOf("readinessProbe:", StringComparison.Ordinal)..];
        Assert.Contains("path: /health", readiness[..readiness.IndexOf('\n', readiness.IndexOf("path:", StringComparison.Ordinal))], StringComparison.Ordinal);

        using var parse = Process.Start(new ProcessStartInfo("/usr/bin/python3",
            ["-c", "import sys, yaml; print(sum(1 for d in yaml.safe_load_all(open(sys.argv[1])) if d))", path])
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        parse.WaitForExit();
        var error = parse.StandardError.ReadToEnd();
        Assert.True(parse.ExitCode == 0 || error.Contains("No module named 'yaml'", StringComparison.Ordinal), error);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodeInterpreter.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("no CodeInterpreter.sln above the test assembly");
    }
}
