using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Models;
using static ServingFabric.Runtime.Repository.ModelConfigFields;

namespace ServingFabric.Runtime.Repository;

/// <summary>
/// Walks a config.json document field by field, so every error names the file, the field's path and what is
/// expected instead of a serializer's type error.
/// </summary>
internal sealed partial class ModelConfigReader(string source)
{
    private static readonly string[] KnownPlatforms = [ModelConfig.OnnxRuntimePlatform];
    private static readonly string[] TopLevelFields = [Platform, MaxBatchSize, DynamicBatching, EngineThreads, DefaultVersion, Versions, Deterministic, Replicas, InstanceCountField, MemoryField, SloField, ProbeField, ExecutionField];
    private static readonly string[] BatchingFields = [MaxQueueDelayMicroseconds, PreferredBatchSize, MaxQueueSize];
    private static readonly string[] VersionFields = [Sha256];
    private static readonly string[] ReplicasFields = [ReplicasMin, ReplicasMax];

    public ModelConfig Read(JsonElement root)
    {
        var fields = Fields(root, "the document", TopLevelFields);
        var defaults = new ModelConfig();

        var platform = fields.TryGetValue(Platform, out var p) ? String(p, Platform) : defaults.Platform;
        if (!KnownPlatforms.Contains(platform, StringComparer.Ordinal))
        {
            throw Invalid(Platform, $"is '{platform}'", $"one of: {string.Join(", ", KnownPlatforms)}");
        }

        var maxBatchSize = fields.TryGetValue(MaxBatchSize, out var m)
            ? Int(m, MaxBatchSize, min: 0, "an integer of 0 or more (0 disables batching)")
            : defaults.MaxBatchSize;
        var batching = fields.TryGetValue(DynamicBatching, out var d) && d.ValueKind != JsonValueKind.Null
            ? ReadBatching(d, maxBatchSize)
            : null;
        var threads = fields.TryGetValue(EngineThreads, out var t)
            ? Int(t, EngineThreads, min: 1, "an integer of 1 or more (ONNX Runtime intra-op threads)")
            : defaults.EngineThreads;
        var defaultVersion = fields.TryGetValue(DefaultVersion, out var v) && v.ValueKind != JsonValueKind.Null
            ? VersionName(String(v, DefaultVersion), DefaultVersion)
            : null;
        var versions = fields.TryGetValue(Versions, out var vs) && vs.ValueKind != JsonValueKind.Null
            ? ReadVersions(vs)
            : null;

        var deterministic = fields.TryGetValue(Deterministic, out var det)
            ? Bool(det, Deterministic, "true or false (true lets fronts cache responses)")
            : defaults.Deterministic;

        var replicas = fields.TryGetValue(Replicas, out var r) && r.ValueKind != JsonValueKind.Null
            ? ReadReplicas(r)
            : null;

        var instances = fields.TryGetValue(InstanceCountField, out var i)
            ? Int(i, InstanceCountField, min: 1, "an integer of 1 or more (batches run at once on a silo, each on its own thread)")
            : defaults.InstanceCount;
        var memory = fields.TryGetValue(MemoryField, out var mem) && mem.ValueKind != JsonValueKind.Null
            ? ReadMemory(mem)
            : null;

        var slo = fields.TryGetValue(SloField, out var o) && o.ValueKind != JsonValueKind.Null
            ? ReadSlo(o)
            : null;

        var probe = fields.TryGetValue(ProbeField, out var pr) && pr.ValueKind != JsonValueKind.Null
            ? ReadProbe(pr)
            : null;

        var execution = fields.TryGetValue(ExecutionField, out var ex) && ex.ValueKind != JsonValueKind.Null
            ? ReadExecution(ex)
            : null;

        return new ModelConfig(platform, maxBatchSize, batching, threads, versions, defaultVersion, deterministic, replicas, instances, memory, slo, probe, execution);
    }

    private DynamicBatchingSpec ReadBatching(JsonElement element, int maxBatchSize)
    {
        if (maxBatchSize == 0)
        {
            throw Invalid(DynamicBatching, "is set while max_batch_size is 0", "max_batch_size of 1 or more, or no dynamic_batching");
        }

        var fields = Fields(element, DynamicBatching, BatchingFields);
        var defaults = new DynamicBatchingSpec();
        var delayPath = $"{DynamicBatching}.{MaxQueueDelayMicroseconds}";
        var delay = fields.TryGetValue(MaxQueueDelayMicroseconds, out var d)
            ? Int(d, delayPath, min: 0, "an integer of 0 or more")
            : defaults.MaxQueueDelayMicroseconds;
        var queuePath = $"{DynamicBatching}.{MaxQueueSize}";
        var queue = fields.TryGetValue(MaxQueueSize, out var q)
            ? Int(q, queuePath, min: 1, "an integer of 1 or more")
            : defaults.MaxQueueSize;

        var preferred = new List<int>();
        if (fields.TryGetValue(PreferredBatchSize, out var sizes) && sizes.ValueKind != JsonValueKind.Null)
        {
            var sizesPath = $"{DynamicBatching}.{PreferredBatchSize}";
            if (sizes.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(sizesPath, $"is {Describe(sizes)}", "an array of batch sizes");
            }

            var index = 0;
            foreach (var item in sizes.EnumerateArray())
            {
                var itemPath = $"{sizesPath}[{index++}]";
                var size = Int(item, itemPath, min: 1, $"an integer from 1 to max_batch_size ({maxBatchSize})");
                if (size > maxBatchSize)
                {
                    throw Invalid(itemPath, $"is {size}", $"at most max_batch_size ({maxBatchSize})");
                }

                preferred.Add(size);
            }
        }

        return new DynamicBatchingSpec(delay, preferred, queue);
    }

    private ReplicaBounds ReadReplicas(JsonElement element)
    {
        var fields = Fields(element, Replicas, ReplicasFields);
        var minPath = $"{Replicas}.{ReplicasMin}";
        if (!fields.TryGetValue(ReplicasMin, out var m))
        {
            throw Invalid(minPath, "is missing", "an integer of 1 or more, as in \"replicas\": {\"min\": 3, \"max\": 5}");
        }

        var min = Int(m, minPath, min: 1, "an integer of 1 or more (replicas kept running per version)");
        var maxPath = $"{Replicas}.{ReplicasMax}";
        var max = fields.TryGetValue(ReplicasMax, out var x)
            ? Int(x, maxPath, min: 1, $"an integer of at least {ReplicasMin} ({min})")
            : min;
        return max >= min ? new ReplicaBounds(min, max) : throw Invalid(maxPath, $"is {max}", $"at least {ReplicasMin} ({min})");
    }

    private Dictionary<string, ModelVersionConfig> ReadVersions(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(Versions, $"is {Describe(element)}", "an object keyed by version, such as {\"1\": {\"sha256\": \"...\"}}");
        }

        var versions = new Dictionary<string, ModelVersionConfig>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var path = $"{Versions}.{property.Name}";
            VersionName(property.Name, path);
            if (versions.ContainsKey(property.Name))
            {
                throw Invalid(path, "appears twice", "each version once");
            }

            var fields = Fields(property.Value, path, VersionFields);
            string? sha = null;
            if (fields.TryGetValue(Sha256, out var s) && s.ValueKind != JsonValueKind.Null)
            {
                sha = String(s, $"{path}.{Sha256}");
                if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
                {
                    throw Invalid($"{path}.{Sha256}", $"is '{sha}' ({sha.Length} characters)", "64 hexadecimal digits, as sha256sum prints them");
                }

                sha = sha.ToLowerInvariant();
            }

            versions.Add(property.Name, new ModelVersionConfig(sha));
        }

        return versions;
    }

    private Dictionary<string, JsonElement> Fields(JsonElement element, string path, string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, $"is {Describe(element)}", "a JSON object");
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = path == "the document" ? property.Name : $"{path}.{property.Name}";
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Invalid(name, "is not a known field", $"only {string.Join(", ", allowed)}");
            }

            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw Invalid(name, "appears twice", "each field once");
            }
        }

        return fields;
    }

    private string VersionName(string name, string path) =>
        ModelNames.IsValid(name)
            ? name
            : throw Invalid(path, $"names version '{name}'", "a version name of letters, digits, '_', '-' or '.', not starting with '.'");

    private string String(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw Invalid(path, $"is {Describe(element)}", "a string");

    private bool Bool(JsonElement element, string path, string expected) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Invalid(path, $"is {Describe(element)}", expected),
    };

    private int Int(JsonElement element, string path, int min, string expected)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
        {
            throw Invalid(path, $"is {Describe(element)}", expected);
        }

        return value >= min ? value : throw Invalid(path, $"is {value}", expected);
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    private InferenceException Invalid(string field, string problem, string expected) =>
        new(InferenceErrorKind.InvalidInput, $"{source}: {field} {problem}; expected {expected}");
}
