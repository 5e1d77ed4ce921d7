using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServingFabric.Tests.Shared;
using Xunit.Abstractions;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// deploy/docker/Dockerfile built with buildah here (deploy/docker/build-local.sh: a debootstrap base in place of the
/// runtime-deps image, the silo published on the host in place of the SDK stage), then started with podman, or chroot
/// where no OCI runtime can start a container: ready, and the README's infer answered with the reference outputs.
/// Needs root, buildah, debootstrap, podman and runc (tests/run.sh installs them); without them it fails saying so.
/// </summary>
public sealed partial class ContainerImageTests(ITestOutputHelper output)
{
    private static readonly string Script = Path.Combine(RepositoryPaths.Root, "deploy", "docker", "build-local.sh");
    private static readonly string Dockerfile = Path.Combine(RepositoryPaths.Root, "deploy", "docker", "Dockerfile");

    // The test's own cache (the debootstrap base, buildah's storage, the publish output), kept between runs so that only
    // the first run on a machine is cold; git ignores deploy/docker/.cache. SF_IMAGE_CACHE set by the caller wins.
    private static readonly string Cache = Environment.GetEnvironmentVariable("SF_IMAGE_CACHE") is { Length: > 0 } cache
        ? cache
        : Path.Combine(RepositoryPaths.Root, "deploy", "docker", ".cache", "container-image-tests");

    [Fact]
    public async Task BuildAndRun_LocalBaseImage_ReadyAndServesReadmeInfer()
    {
        var build = await RunScriptAsync(TimeSpan.FromMinutes(10), "build");
        output.WriteLine(build.Output);
        Assert.True(build.ExitCode == 0, $"build-local.sh build failed:\n{build.Output}");
        Assert.Contains("shell in image: none", build.Output, StringComparison.Ordinal);

        var inspect = await RunScriptAsync(TimeSpan.FromMinutes(1), "inspect");
        Assert.True(inspect.ExitCode == 0, inspect.Output);
        using (var image = JsonDocument.Parse(inspect.Output))
        {
            var config = image.RootElement.GetProperty("OCIv1").GetProperty("config");
            Assert.Equal("1654:1654", config.GetProperty("User").GetString());
            Assert.Equal(["/app/ServingFabric.Silo"], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
            var labels = config.GetProperty("Labels");
            Assert.Equal(GitHead(), labels.GetProperty("org.opencontainers.image.revision").GetString());
            Assert.False(string.IsNullOrEmpty(labels.GetProperty("org.opencontainers.image.version").GetString()));
            Assert.True(labels.TryGetProperty("org.opencontainers.image.source", out _));
        }

        var models = Path.Combine(Path.GetTempPath(), "sf-image-models-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(models);
        var ports = FreePorts.Take(3);
        var baseAddress = new Uri($"http://127.0.0.1:{ports[0]}");
        using var container = ScriptProcess.Start(
            "run", models,
            $"--ServingFabric:Gateway:Url=http://127.0.0.1:{ports[0]}",
            $"--ServingFabric:Silo:SiloPort={ports[1]}",
            $"--ServingFabric:Silo:GatewayPort={ports[2]}");
        try
        {
            var started = await container.Starting.WaitAsync(TimeSpan.FromMinutes(1));
            output.WriteLine(container.Lines.First(l => l.StartsWith("runtime:", StringComparison.Ordinal)));
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
            await ReadinessPoll.WaitAsync(
                http,
                new Uri("/v2/health/ready", UriKind.Relative),
                () => container.HasExited ? "exited" : null,
                () => container.Output,
                "the container",
                TimeSpan.FromMinutes(2));
            var ready = container.Elapsed;
            output.WriteLine($"image start to ready: {(ready - started).TotalSeconds:F2} s");

            // The README's quickstart request, verbatim, answered by the sample model seeded into the mounted /models.
            await ReadmeInference.AssertAnsweredAsync(http);
            Assert.True(File.Exists(Path.Combine(models, "iris", "1", "model.onnx")), "the sample model was not written to the mounted /models");

            // SIGTERM, as the kubelet sends: the silo drains and exits by itself.
            var stopping = container.Elapsed;
            var exitCode = await container.TerminateAsync(TimeSpan.FromSeconds(90));
            output.WriteLine($"SIGTERM to exit: {(container.Elapsed - stopping).TotalSeconds:F2} s");
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{container.Output}");
        }
        catch (Exception) when (Dump(container))
        {
            throw;
        }
        finally
        {
            await container.KillIfRunningAsync();
            Directory.Delete(models, recursive: true);
        }
    }

    [Fact]
    public void Dockerfile_SdkStage_PublishesAsBuildLocalDoes()
    {
        // build-local.sh stands in for the sdk stage here: the same publish command, only the output folder differs.
        var dockerfile = File.ReadAllText(Dockerfile);
        var script = File.ReadAllText(Script);
        var inDockerfile = PublishInDockerfile().Match(dockerfile);
        var inScript = PublishInScript().Match(script);

        Assert.True(inDockerfile.Success, "no `dotnet publish ... -o /out/app` in the Dockerfile");
        Assert.True(inScript.Success, "no publish=(dotnet publish ...) in build-local.sh");
        Assert.Equal(inScript.Groups["args"].Value.Trim(), inDockerfile.Groups["args"].Value.Trim());
        Assert.Contains("-r linux-x64", inScript.Groups["args"].Value, StringComparison.Ordinal);
        Assert.Contains("--self-contained true", inScript.Groups["args"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_RuntimeStage_NonRootNoShellBaseImagesAsArguments()
    {
        var lines = File.ReadAllLines(Dockerfile);
        Assert.Contains("ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0", lines);
        Assert.Contains("ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0", lines);

        var runtime = lines.SkipWhile(l => !l.StartsWith("FROM ${RUNTIME_IMAGE} AS runtime", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runtime);
        // No RUN: the stage builds on a base without a shell (the chiseled runtime-deps images) and needs none at run time.
        Assert.DoesNotContain(runtime, l => l.StartsWith("RUN ", StringComparison.Ordinal));
        Assert.Contains("USER 1654:1654", runtime);
        Assert.Contains("ENTRYPOINT [\"/app/ServingFabric.Silo\"]", runtime);
        foreach (var label in new[] { "version", "revision", "source" })
        {
            Assert.Contains(runtime, l => l.Contains($"org.opencontainers.image.{label}=\"${{{label.ToUpperInvariant()}}}\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Manifests_SiloImage_IsTheNameTheBuildTags()
    {
        var tag = ImageInScript().Match(File.ReadAllText(Script)).Groups["image"].Value;
        var deployment = File.ReadAllText(Path.Combine(RepositoryPaths.Kubernetes, "base", "silo", "deployment.yaml"));

        Assert.Equal("servingfabric/silo:latest", tag);
        Assert.Contains($"image: {tag}", deployment, StringComparison.Ordinal);
    }

    private bool Dump(ScriptProcess container)
    {
        output.WriteLine(container.Output);
        return false;
    }

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(TimeSpan limit, params string[] arguments)
    {
        using var script = ScriptProcess.Start(arguments);
        try
        {
            var exitCode = await script.WaitForExitAsync(limit);
            return (exitCode, script.Output);
        }
        finally
        {
            await script.KillIfRunningAsync();
        }
    }

    private static string GitHead()
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = RepositoryPaths.Root, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("rev-parse");
        start.ArgumentList.Add("HEAD");
        using var git = Process.Start(start)!;
        var head = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return head;
    }

    [GeneratedRegex(@"dotnet publish (?<args>[^\\\n]*?) -o /out/app")]
    private static partial Regex PublishInDockerfile();

    [GeneratedRegex(@"publish=\(dotnet publish (?<args>[^)]*)\)")]
    private static partial Regex PublishInScript();

    [GeneratedRegex(@"^image=(?<image>\S+)$", RegexOptions.Multiline)]
    private static partial Regex ImageInScript();

    /// <summary>build-local.sh as a child process; only this process is ever signalled or killed.</summary>
    private sealed class ScriptProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly TaskCompletionSource<TimeSpan> _starting = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ScriptProcess(Process process) => _process = process;

        /// <summary>When the script said "starting": the image is being started, after build-local.sh's own checks.</summary>
        public Task<TimeSpan> Starting => _starting.Task;

        public TimeSpan Elapsed => _clock.Elapsed;

        public bool HasExited => _process.HasExited;

        public IEnumerable<string> Lines => _lines;

        public string Output => string.Join(Environment.NewLine, _lines);

        public static ScriptProcess Start(params string[] arguments)
        {
            var start = new ProcessStartInfo("bash")
            {
                WorkingDirectory = RepositoryPaths.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["SF_IMAGE_CACHE"] = Cache;
            start.ArgumentList.Add(Script);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var script = new ScriptProcess(new Process { StartInfo = start });
            script._process.OutputDataReceived += (_, e) => script.Add(e.Data);
            script._process.ErrorDataReceived += (_, e) => script.Add(e.Data);
            script._process.Start();
            script._process.BeginOutputReadLine();
            script._process.BeginErrorReadLine();
            return script;
        }

        public async Task<int> WaitForExitAsync(TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"build-local.sh ran over {limit}:\n{Output}");
            }

            return _process.ExitCode;
        }

        public async Task<int> TerminateAsync(TimeSpan limit)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            return await WaitForExitAsync(limit);
        }

        /// <summary>SIGTERM (so the script stops its container and cleans up), then SIGKILL if it outlives a minute.</summary>
        public async Task KillIfRunningAsync()
        {
            if (_process.HasExited)
            {
                return;
            }

            try
            {
                await TerminateAsync(TimeSpan.FromMinutes(1));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        public void Dispose() => _process.Dispose();

        private void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            _lines.Enqueue(line);
            if (line == "starting")
            {
                _starting.TrySetResult(_clock.Elapsed);
            }
        }
    }
}
