using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ServingFabric.Deploy.Tests.Docker;

/// <summary>
/// deploy/docker/Dockerfile.gpu, read rather than built (no registry here serves NVIDIA's images): a CUDA base with the
/// CUDA and cuDNN majors that the pinned ONNX Runtime GPU package needs, the silo published with the GPU build property,
/// and otherwise the CPU image's user, ports, entrypoint, environment, files and labels.
/// </summary>
public sealed partial class GpuDockerfileTests
{
    // CUDA and cuDNN majors of each Microsoft.ML.OnnxRuntime.Gpu.Linux version we have pinned, read from the package
    // itself: `readelf -d runtimes/linux-x64/native/libonnxruntime_providers_cuda.so` (NEEDED libcudart.so.13,
    // libcublas.so.13, libcublasLt.so.13; cuDNN is loaded at run time, its messages ask for 9.x). A new pin needs its row.
    private static readonly Dictionary<string, (int Cuda, int Cudnn)> CudaOfOnnxRuntimeGpu = new(StringComparer.Ordinal)
    {
        ["1.31.0"] = (13, 9),
    };

    private static readonly DockerfileInstructions Gpu = DockerfileInstructions.Read(Path.Combine(RepositoryPaths.Root, "deploy", "docker", "Dockerfile.gpu"));
    private static readonly DockerfileInstructions Cpu = DockerfileInstructions.Read(Path.Combine(RepositoryPaths.Root, "deploy", "docker", "Dockerfile"));

    [Fact]
    public void Base_CudnnRuntimeImageOfTheCudaMajorThePinnedPackageLinks()
    {
        var version = PackageVersion("Microsoft.ML.OnnxRuntime.Gpu.Linux", gpu: true);
        Assert.True(CudaOfOnnxRuntimeGpu.TryGetValue(version, out var needs), $"Microsoft.ML.OnnxRuntime.Gpu.Linux {version} is pinned but its CUDA and cuDNN majors are not known here: read them from its libonnxruntime_providers_cuda.so (readelf -d) and add its row to CudaOfOnnxRuntimeGpu");

        var image = CudaImage().Match(Gpu.GlobalArgument("CUDA_IMAGE") ?? "");
        Assert.True(image.Success, $"ARG CUDA_IMAGE is '{Gpu.GlobalArgument("CUDA_IMAGE")}', expected nvidia/cuda:<major>.<minor>.<patch>-cudnn-runtime-ubuntu<version>");
        Assert.Equal(needs.Cuda, int.Parse(image.Groups["major"].Value, System.Globalization.CultureInfo.InvariantCulture));
        // NVIDIA's tags name cuDNN 8 images "cudnn8-"; the plain "cudnn-" images of CUDA 12.4 and later carry cuDNN 9.
        Assert.Equal(9, needs.Cudnn);
        Assert.Equal("${CUDA_IMAGE} AS runtime", Gpu.From("runtime"));
    }

    [Fact]
    public void SdkStage_PublishesAsTheCpuImageWithTheGpuProperty()
    {
        var gpu = Publish(Gpu);
        var cpu = Publish(Cpu);

        Assert.Equal($"{cpu} -p:ServingFabricGpu=true", gpu);
        Assert.Equal(Cpu.GlobalArgument("SDK_IMAGE"), Gpu.GlobalArgument("SDK_IMAGE"));
        Assert.Equal(Cpu.Stage("sdk").Where(i => i.Keyword != "RUN"), Gpu.Stage("sdk").Where(i => i.Keyword != "RUN"));
        Assert.Equal(Cpu.Stage("host"), Gpu.Stage("host"));
    }

    [Fact]
    public void RuntimeStage_SameUserPortsEntrypointFilesAndWorkingDirectoryAsTheCpuImage()
    {
        foreach (var keyword in new[] { "USER", "EXPOSE", "ENTRYPOINT", "WORKDIR", "COPY", "ARG" })
        {
            Assert.Equal(Cpu.Arguments("runtime", keyword), Gpu.Arguments("runtime", keyword));
        }

        Assert.Equal(["1654:1654"], Gpu.Arguments("runtime", "USER"));
        Assert.Empty(Gpu.Arguments("runtime", "CMD"));
        Assert.Empty(Gpu.Arguments("runtime", "HEALTHCHECK"));
    }

    [Fact]
    public void RuntimeStage_EntrypointIsTheSiloWithoutAShell()
    {
        var entrypoint = Assert.Single(Gpu.Arguments("runtime", "ENTRYPOINT"));

        // The exec (JSON) form: the form without brackets would run /bin/sh -c.
        Assert.Equal(["/app/ServingFabric.Silo"], JsonSerializer.Deserialize<string[]>(entrypoint) ?? []);
    }

    [Fact]
    public void RuntimeStage_TheCpuImagesEnvironmentAndLabelsAndNvmlForTheSilo()
    {
        var environment = Gpu.Environment("runtime");
        Assert.All(Cpu.Environment("runtime"), pair => Assert.Equal(pair.Value, environment.GetValueOrDefault(pair.Key)));
        // compute for CUDA, utility for NVML (libnvidia-ml.so.1), through which the silo finds its GPUs.
        Assert.Equal(["compute", "utility"], environment["NVIDIA_DRIVER_CAPABILITIES"].Split(',').Order(StringComparer.Ordinal));
        // CUDA numbers devices as NVML does, so the device reserved by NVML index is the one ONNX Runtime runs on.
        Assert.Equal("PCI_BUS_ID", environment["CUDA_DEVICE_ORDER"]);

        var labels = Gpu.Labels("runtime");
        var cpuLabels = Cpu.Labels("runtime");
        Assert.Equal(cpuLabels.Keys.Order(StringComparer.Ordinal), labels.Keys.Order(StringComparer.Ordinal));
        foreach (var label in new[] { "version", "revision", "source" })
        {
            Assert.Equal($"${{{label.ToUpperInvariant()}}}", labels[$"org.opencontainers.image.{label}"]);
        }
    }

    [Fact]
    public void RuntimeStage_CreatesTheCpuImagesUser1654()
    {
        // The CUDA base has no user 1654; the runtime-deps base of the CPU image calls it app.
        var run = Assert.Single(Gpu.Arguments("runtime", "RUN"));

        Assert.Contains("groupadd --gid 1654 app", run, StringComparison.Ordinal);
        Assert.Contains("useradd --uid 1654 --gid 1654", run, StringComparison.Ordinal);
        Assert.Contains("rm -rf /var/lib/apt/lists/*", run, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "Microsoft.ML.OnnxRuntime")]
    [InlineData(true, "Microsoft.ML.OnnxRuntime.Gpu.Linux")]
    public void PackageVersions_ManagedAssemblyPinnedToTheNativePackageOfEachFlavour(bool gpu, string native) =>
        Assert.Equal(PackageVersion(native, gpu), PackageVersion("Microsoft.ML.OnnxRuntime.Managed", gpu));

    [Fact]
    public void Parse_ContinuationsCommentsAndStages_ReadAsBuildKitDoes()
    {
        var parsed = DockerfileInstructions.Parse("""
            ARG BASE=debian:12
            FROM ${BASE} AS build
            # a comment
            RUN a \
                # a comment inside
                && b
            FROM build AS final
            ENV A=1 B="two words"
            """);

        Assert.Equal("debian:12", parsed.GlobalArgument("BASE"));
        Assert.Equal(["a && b"], parsed.Arguments("build", "RUN"));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two words" }, parsed.Environment("final"));
    }

    private static string Publish(DockerfileInstructions dockerfile)
    {
        var publish = PublishCommand().Match(Assert.Single(dockerfile.Arguments("sdk", "RUN")));
        Assert.True(publish.Success, "no `dotnet publish ... -o /out/app` in the sdk stage");
        return publish.Groups["args"].Value.Trim();
    }

    // The version Directory.Packages.props gives a package in the default build or with ServingFabricGpu=true.
    private static string PackageVersion(string package, bool gpu)
    {
        var props = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"));
        var entries = props.Descendants("PackageVersion").Where(p => (string?)p.Attribute("Include") == package).ToList();
        var applies = entries.Where(p => p.Attribute("Condition") is not { } condition
            || condition.Value.Replace(" ", "", StringComparison.Ordinal) == (gpu ? "'$(ServingFabricGpu)'=='true'" : "'$(ServingFabricGpu)'!='true'")).ToList();
        return Assert.Single(applies).Attribute("Version")!.Value;
    }

    [GeneratedRegex(@"^nvidia/cuda:(?<major>\d+)\.\d+\.\d+-cudnn-runtime-ubuntu\d+\.\d+$")]
    private static partial Regex CudaImage();

    [GeneratedRegex(@"dotnet publish (?<args>.*?) -o /out/app")]
    private static partial Regex PublishCommand();
}
