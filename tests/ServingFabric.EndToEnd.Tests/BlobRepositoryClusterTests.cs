using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using ServingFabric.Models;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>
/// Three silo processes whose model repository is a blob container on Azurite (<c>ServingFabric:ModelRepository:Source=blob</c>),
/// sharing one cache folder: they load from blob, pick up a version uploaded later, refuse a tampered one while the
/// others serve, and repair the cache after a silo is killed in the middle of a download.
/// </summary>
public sealed class BlobRepositoryClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private const string IrisRequest = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";

    [Fact]
    public async Task BlobRepository_UploadTamperAndKillMidDownload_ServesVerifiedVersionsOnly()
    {
        await using var blob = await AzuriteBlobService.StartAsync(TimeSpan.FromSeconds(30));
        var container = new BlobContainerClient(blob.ConnectionString, "models");
        await container.CreateAsync();
        var iris = SampleModels.CreateIrisMlp();
        var content = new BlobRepositoryContent(container, "prod/")
        {
            Template = new ModelConfig(MaxBatchSize: 64, DefaultVersion: "1", Replicas: new ReplicaBounds(1, 1)),
        };
        await content.PutVersionAsync("iris", "1", iris);
        var cache = Path.Combine(Path.GetTempPath(), "sf-blob-cache-" + Guid.NewGuid().ToString("N"));
        // The silos read through a proxy at 8 MB/s per connection: the 64 MiB version takes about 8 s to download.
        await using var proxy = new ThrottledTcpProxy(blob.Port, bytesPerSecond: 8_000_000);
        var throughProxy = blob.ConnectionString.Replace($":{blob.Port}/", $":{proxy.Port}/", StringComparison.Ordinal);

        try
        {
            await using var cluster = await FabricCluster.StartAsync(output, Limit,
            [
                "--ServingFabric:ModelRepository:Source=blob",
                $"--ServingFabric:ModelRepository:Blob:ConnectionString={throughProxy}",
                "--ServingFabric:ModelRepository:Blob:Container=models",
                "--ServingFabric:ModelRepository:Blob:Prefix=prod",
                $"--ServingFabric:ModelRepository:Blob:CacheDirectory={cache}",
                "--ServingFabric:ModelRepository:Blob:PollInterval=00:00:01",
            ]);

            // Three processes, each synced from the container before it loaded.
            for (var i = 0; i < cluster.Count; i++)
            {
                await cluster[i].WaitForOutputAsync("Model repository synced before loading", Limit);
            }

            await AssertServesAsync(cluster, "1");

            // A version uploaded later appears on its own.
            await content.PutVersionAsync("iris", "2", iris, ("1", iris));
            await WaitUntilVersionReadyAsync(cluster, "2");

            // A tampered artifact (bytes other than config.json's digest) is refused; the others keep serving.
            await content.PutArtifactAsync("iris", "3", BlobRepositoryContent.SeededBytes(4096, seed: 3));
            await content.PutConfigAsync("iris", new Dictionary<string, string>
            {
                ["1"] = BlobRepositoryContent.Sha256(iris), ["2"] = BlobRepositoryContent.Sha256(iris), ["3"] = BlobRepositoryContent.Sha256(iris),
            });
            await cluster[0].WaitForOutputAsync("Model iris version 3 refused: blob prod/iris/3/model.onnx has SHA-256", Limit);
            Assert.False(Directory.Exists(Path.Combine(cache, "iris", "3")));
            await AssertServesAsync(cluster, "1");
            await AssertServesAsync(cluster, "2");

            // kill -9 while a large version downloads: the next start removes what was left and the version arrives whole.
            // The iris MLP with an unused 64 MiB initializer: a valid model whose download takes long enough to interrupt.
            var large = SampleModels.CreatePaddedIrisMlp(16 << 20);
            await content.PutVersionAsync("iris", "4", large, ("1", iris), ("2", iris));
            // The first silo to start downloading is killed: which one polls first is the machine's choice, and a silo
            // that polls after another finished finds the version cached and downloads nothing.
            var victim = await WaitForFirstSiloAsync(cluster, "Downloading model iris version 4", Limit);
            await WaitUntilBytesArriveAsync(cache);
            var restart = await cluster.KillAndStartAsync(victim, Limit);
            output.WriteLine($"silo {FabricCluster.Zones[victim]} ready {restart.TotalSeconds:F1} s after kill -9 mid-download");
            await cluster[victim].WaitForOutputAsync("a download that did not finish", Limit);
            await WaitUntilVersionReadyAsync(cluster, "4");
            // Silos that were still downloading when the version became ready finish, find it in place and discard their copy.
            await WaitUntilDownloadsEndAsync(cache);
            Assert.Empty(Directory.GetFileSystemEntries(cache, ".tmp-*", SearchOption.AllDirectories));
            Assert.Equal(BlobRepositoryContent.Sha256(large), ServingFabric.Runtime.Repository.ArtifactVerifier.ComputeSha256(Path.Combine(cache, "iris", "4", "model.onnx")));
            await AssertServesAsync(cluster, "1");
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    /// <summary>Until no download folder is left in the cache (each ends renamed into place or discarded).</summary>
    private static async Task WaitUntilDownloadsEndAsync(string cache)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Directory.EnumerateFileSystemEntries(cache, ".tmp-*", SearchOption.AllDirectories).Any())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>The index of the first silo whose log holds <paramref name="text"/>.</summary>
    private static async Task<int> WaitForFirstSiloAsync(FabricCluster cluster, string text, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            for (var i = 0; i < cluster.Count; i++)
            {
                if (cluster[i].Output.Contains(text, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Until some download folder's artifact holds bytes: the kill then lands in the middle of a transfer.</summary>
    private static async Task WaitUntilBytesArriveAsync(string cache)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!Directory.EnumerateDirectories(cache, ".tmp-*").Any(d => new FileInfo(Path.Combine(d, "model.onnx")) is { Exists: true, Length: > 0 }))
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static async Task AssertServesAsync(FabricCluster cluster, string version)
    {
        using var body = new StringContent(IrisRequest, Encoding.UTF8, "application/json");
        using var response = await cluster.Http.PostAsync(new Uri(cluster[1].BaseAddress, $"/v2/models/iris/versions/{version}/infer"), body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"version {version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task WaitUntilVersionReadyAsync(FabricCluster cluster, string version)
    {
        using var timeout = new CancellationTokenSource(Limit);
        var ready = new Uri(cluster[1].BaseAddress, $"/v2/models/iris/versions/{version}/ready");
        while (true)
        {
            using (var response = await cluster.Http.GetAsync(ready, timeout.Token))
            {
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }

            // The silos poll the container every second; readiness follows within a few.
            await Task.Delay(200, timeout.Token);
        }
    }
}
