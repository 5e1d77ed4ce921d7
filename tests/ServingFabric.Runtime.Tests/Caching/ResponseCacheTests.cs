using Microsoft.Extensions.Options;
using ServingFabric.Runtime.Caching;
using static ServingFabric.Runtime.Tests.Caching.CacheSamples;

namespace ServingFabric.Runtime.Tests.Caching;

public sealed class ResponseCacheTests
{
    [Fact]
    public void TryGet_AfterTryAdd_ReturnsStoredOutputsWithCallersId()
    {
        var cache = Cache();
        var stored = Answer(id: "first");
        Assert.True(cache.TryAdd(Key(1), stored));

        Assert.True(cache.TryGet(Key(1), "second", out var hit));

        Assert.Equal("second", hit.Id);
        Assert.Equal("m", hit.ModelName);
        Assert.Equal("1", hit.ModelVersion);
        Assert.Equal(stored.Outputs, hit.Outputs);
    }

    [Fact]
    public void TryGet_UnknownKey_ReturnsFalse()
    {
        var cache = Cache();
        cache.TryAdd(Key(1), Answer());

        Assert.False(cache.TryGet(Key(2), "x", out var response));
        Assert.Null(response);
    }

    [Fact]
    public void TryGet_MissNotCounted_LeavesMissesForTheRepeatedLookup()
    {
        var cache = Cache();
        cache.TryAdd(Key(1), Answer());

        Assert.False(cache.TryGet(Key(2), "x", out _, countMiss: false));
        Assert.True(cache.TryGet(Key(1), "y", out _, countMiss: false));

        Assert.Equal(0, cache.Misses);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public void TryGet_KeyWithSameHashButOtherInputs_MissesAndKeepsBothEntries()
    {
        var cache = Cache();
        var forced = new UInt128(42, 7);
        var stored = ResponseCacheKey.CreateWithInputHash("m", "1", 1, [Input(1, 2, 3, 4)], null, forced);
        var colliding = ResponseCacheKey.CreateWithInputHash("m", "1", 1, [Input(9, 2, 3, 4)], null, forced);
        cache.TryAdd(stored, Answer(id: "stored"));

        Assert.False(cache.TryGet(colliding, "x", out _));
        Assert.True(cache.TryAdd(colliding, Answer(id: "colliding")));
        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(stored, "y", out _));
    }

    [Fact]
    public void TryGet_HitsAndMisses_AreCounted()
    {
        var cache = Cache();
        cache.TryAdd(Key(1), Answer());

        cache.TryGet(Key(1), "a", out _);
        cache.TryGet(Key(1), "b", out _);
        cache.TryGet(Key(2), "c", out _);

        Assert.Equal(2, cache.Hits);
        Assert.Equal(1, cache.Misses);
    }

    [Fact]
    public void TryAdd_MoreThanMaxEntries_EvictsLeastRecentlyUsed()
    {
        var cache = Cache(maxEntries: 3);
        cache.TryAdd(Key(1), Answer());
        cache.TryAdd(Key(2), Answer());
        cache.TryAdd(Key(3), Answer());
        cache.TryGet(Key(1), "touch", out _);

        cache.TryAdd(Key(4), Answer());

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet(Key(2), "x", out _));
        Assert.True(cache.TryGet(Key(1), "x", out _));
        Assert.True(cache.TryGet(Key(3), "x", out _));
        Assert.True(cache.TryGet(Key(4), "x", out _));
    }

    [Fact]
    public void TryAdd_PastMaxBytes_EvictsLeastRecentlyUsedAndCountsBytesExactly()
    {
        var entry = SizeOf(Key(1), Answer(floats: 100));
        var cache = Cache(maxEntries: 1000, maxBytes: 8 * entry);
        for (var i = 0; i < 8; i++)
        {
            cache.TryAdd(Key(i), Answer(floats: 100));
        }

        Assert.Equal(8 * entry, cache.Bytes);

        cache.TryAdd(Key(8), Answer(floats: 100));

        Assert.Equal(8, cache.Count);
        Assert.Equal(8 * entry, cache.Bytes);
        Assert.False(cache.TryGet(Key(0), "x", out _));
        Assert.True(cache.TryGet(Key(8), "x", out _));
    }

    [Fact]
    public void TryAdd_EntryOverAnEighthOfMaxBytes_IsNotCached()
    {
        var cache = Cache(maxBytes: 64 * 1024);
        var large = Answer(floats: (int)(cache.MaxEntryBytes / sizeof(float)));

        Assert.False(cache.TryAdd(Key(1), large));

        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
        Assert.False(cache.TryGet(Key(1), "x", out _));
    }

    [Fact]
    public void TryAdd_SameKeyTwice_KeepsOneEntry()
    {
        var cache = Cache();
        cache.TryAdd(Key(1), Answer(id: "a"));

        cache.TryAdd(Key(1), Answer(id: "b"));

        Assert.Equal(1, cache.Count);
        Assert.Equal(SizeOf(Key(1), Answer()), cache.Bytes);
    }

    [Fact]
    public void Invalidate_Model_DropsOnlyThatModelsEntries()
    {
        var cache = Cache();
        cache.TryAdd(Key(1, model: "m"), Answer(model: "m"));
        cache.TryAdd(Key(2, model: "m", version: "2"), Answer(model: "m", version: "2"));
        cache.TryAdd(Key(1, model: "other"), Answer(model: "other"));

        cache.Invalidate("m");

        Assert.Equal(1, cache.Count);
        Assert.Equal(SizeOf(Key(1, model: "other"), Answer(model: "other")), cache.Bytes);
        Assert.True(cache.TryGet(Key(1, model: "other"), "x", out _));
        Assert.False(cache.TryGet(Key(1, model: "m"), "x", out _));
    }

    [Fact]
    public void Invalidate_NewRevision_DropsOlderRevisionsAndKeepsCurrent()
    {
        var cache = Cache();
        cache.TryAdd(Key(1, revision: 4), Answer());
        cache.TryAdd(Key(1, revision: 5), Answer());

        cache.Invalidate("m", currentRevision: 5);

        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(Key(1, revision: 5), "x", out _));
        Assert.False(cache.TryGet(Key(1, revision: 4), "x", out _));
    }

    [Fact]
    public void TryAdd_RevisionOlderThanInvalidated_IsRefused()
    {
        var cache = Cache();
        cache.Invalidate("m", currentRevision: 5);

        Assert.False(cache.TryAdd(Key(1, revision: 4), Answer()));
        Assert.True(cache.TryAdd(Key(1, revision: 5), Answer()));
        Assert.Equal(1, cache.Count);
    }

    [Theory]
    [InlineData(0, 1024 * 1024)]
    [InlineData(10, 100)]
    public void Constructor_BoundsTooSmall_Throws(int maxEntries, long maxBytes)
    {
        var options = Options.Create(new ResponseCacheOptions { MaxEntries = maxEntries, MaxBytes = maxBytes });

        Assert.Throws<ArgumentOutOfRangeException>(() => new ResponseCache(options));
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        var options = new ResponseCacheOptions();

        Assert.True(options.Enabled);
        Assert.Equal(10_000, options.MaxEntries);
        Assert.Equal(67_108_864, options.MaxBytes);
    }
}
