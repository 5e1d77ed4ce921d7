using static ServingFabric.Runtime.Tests.Caching.CacheSamples;

namespace ServingFabric.Runtime.Tests.Caching;

public sealed class ResponseCacheConcurrencyTests
{
    [Fact]
    public async Task TryAddAndTryGet_ManyThreads_StayWithinBoundsAndCountEveryLookup()
    {
        const int Threads = 16;
        const int Operations = 2_000;
        var entry = SizeOf(Key(0), Answer(floats: 16));
        var cache = Cache(maxEntries: 200, maxBytes: 150 * entry);
        using var start = new Barrier(Threads);
        long hits = 0;

        var workers = Enumerable.Range(0, Threads).Select(thread => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                var mine = 0L;
                for (var i = 0; i < Operations; i++)
                {
                    // Keys overlap between threads, so adds, replacements, hits and evictions interleave.
                    var key = Key((thread * 7 + i) % 400, revision: 1 + (i % 2));
                    if (cache.TryGet(key, $"t{thread}-{i}", out var hit))
                    {
                        Assert.Equal($"t{thread}-{i}", hit.Id);
                        mine++;
                    }
                    else
                    {
                        cache.TryAdd(key, Answer(floats: 16));
                    }

                    Assert.InRange(cache.Bytes, 0, cache.MaxBytes);
                    Assert.InRange(cache.Count, 0, cache.MaxEntries);
                }

                Interlocked.Add(ref hits, mine);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default));
        await Task.WhenAll(workers);

        Assert.Equal(Threads * Operations, cache.Hits + cache.Misses);
        Assert.Equal(hits, cache.Hits);
        Assert.InRange(cache.Count, 1, 150);
        Assert.Equal(cache.Count * entry, cache.Bytes);
    }
}
