using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Caching;

public sealed partial class ResponseCache
{
    private sealed record Entry(ResponseCacheKey Key, string ModelName, string Version, Tensor[] Outputs, long Size);

    /// <summary>
    /// How many entries each revision of a model holds, so a front seeing a revision it already knows costs a lookup
    /// rather than a walk over the whole cache, and the newest revision seen, so late answers of older ones are refused.
    /// </summary>
    private sealed class ModelRevisions
    {
        private readonly Dictionary<long, int> _counts = [];

        public long Latest { get; set; } = long.MinValue;

        public int Entries { get; private set; }

        public void Add(long revision)
        {
            _counts[revision] = _counts.GetValueOrDefault(revision) + 1;
            Entries++;
        }

        public void Remove(long revision)
        {
            var left = _counts[revision] - 1;
            if (left == 0)
            {
                _counts.Remove(revision);
            }
            else
            {
                _counts[revision] = left;
            }

            Entries--;
        }

        public bool HasOtherThan(long revision) => _counts.Count > (_counts.ContainsKey(revision) ? 1 : 0);
    }
}
