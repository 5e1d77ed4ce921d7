using System.Text;
using System.Text.Json;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Runtime.Repository;

/// <summary>
/// Reads and writes a model's <c>config.json</c> with Triton-like snake_case names:
/// <c>platform</c>, <c>max_batch_size</c>, <c>dynamic_batching</c> (<c>max_queue_delay_microseconds</c>,
/// <c>preferred_batch_size</c>, <c>max_queue_size</c>), <c>engine_threads</c>, <c>default_version</c>,
/// <c>versions</c> (each <c>{"sha256": "..."}</c>), <c>deterministic</c> (true lets fronts cache responses),
/// <c>replicas</c> (<c>{"min": 3, "max": 5}</c> per version), <c>instance_count</c> (batches run at once per silo) and
/// <c>memory</c> (<c>{"arena": true, "memory_pattern": true}</c>, ONNX Runtime's allocation settings) and <c>slo</c>
/// (<c>{"availability": 0.999, "latency_ms": 1000}</c>, the availability SLI's objective) and <c>execution</c> (<c>{"provider": "cuda", "gpu_memory_limit_bytes": …}</c>, where the engine runs) and <c>probe</c> (a sample
/// inference request body the gateways send every few seconds).
/// </summary>
public static class ModelConfigJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // People edit these files by hand; a trailing comma or a comment should not take a model down.
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>
    /// Parses config.json text. Throws <see cref="InferenceException"/> (InvalidInput) naming
    /// <paramref name="source"/>, the field and what was expected.
    /// </summary>
    public static ModelConfig Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new InferenceException(
                InferenceErrorKind.InvalidInput,
                $"{source}: not valid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1} ({ex.Message}); fix the syntax",
                ex);
        }
        catch (ArgumentException ex)
        {
            // The text itself is not valid UTF-16 (a lone surrogate), so it cannot even be turned into UTF-8.
            throw NotUnicode(source, ex);
        }

        using (document)
        {
            try
            {
                return new ModelConfigReader(source).Read(document.RootElement);
            }
            catch (InvalidOperationException ex)
            {
                // System.Text.Json throws this only when a string it parsed cannot be read as text: an escaped lone
                // surrogate such as \ud800. Nothing else in the reader throws it.
                throw NotUnicode(source, ex);
            }
        }
    }

    private static InferenceException NotUnicode(string source, Exception ex) =>
        new(InferenceErrorKind.InvalidInput,
            $"{source}: a string is not valid Unicode (an escaped surrogate such as \\ud800 without its pair, or invalid UTF-8); save the file as UTF-8 text",
            ex);

    /// <summary>Reads <paramref name="path"/>; a missing file means the defaults (no batching, one engine thread).</summary>
    public static ModelConfig Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new ModelConfig();
        }

        return Parse(json, path);
    }

    /// <summary>The config as indented JSON; null settings are left out.</summary>
    public static string ToJson(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            WriteConfig(writer, config);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the config to <paramref name="path"/>, replacing any file there.</summary>
    public static void Write(string path, ModelConfig config)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, ToJson(config) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static void WriteConfig(Utf8JsonWriter writer, ModelConfig config)
    {
        writer.WriteStartObject();
        writer.WriteString(ModelConfigFields.Platform, config.Platform);
        writer.WriteNumber(ModelConfigFields.MaxBatchSize, config.MaxBatchSize);
        if (config.DynamicBatching is { } batching)
        {
            writer.WriteStartObject(ModelConfigFields.DynamicBatching);
            writer.WriteNumber(ModelConfigFields.MaxQueueDelayMicroseconds, batching.MaxQueueDelayMicroseconds);
            writer.WriteStartArray(ModelConfigFields.PreferredBatchSize);
            foreach (var size in batching.PreferredBatchSizes ?? [])
            {
                writer.WriteNumberValue(size);
            }

            writer.WriteEndArray();
            writer.WriteNumber(ModelConfigFields.MaxQueueSize, batching.MaxQueueSize);
            writer.WriteEndObject();
        }

        writer.WriteNumber(ModelConfigFields.EngineThreads, config.EngineThreads);
        if (config.DefaultVersion is not null)
        {
            writer.WriteString(ModelConfigFields.DefaultVersion, config.DefaultVersion);
        }

        if (config.Versions is { Count: > 0 } versions)
        {
            writer.WriteStartObject(ModelConfigFields.Versions);
            foreach (var (version, settings) in versions.OrderBy(v => v.Key, VersionOrder.Instance))
            {
                writer.WriteStartObject(version);
                if (settings.Sha256 is not null)
                {
                    writer.WriteString(ModelConfigFields.Sha256, settings.Sha256);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        // Written even when false, so a hand editor sees the switch exists.
        writer.WriteBoolean(ModelConfigFields.Deterministic, config.Deterministic);
        if (config.Replicas is { } replicas)
        {
            writer.WriteStartObject(ModelConfigFields.Replicas);
            writer.WriteNumber(ModelConfigFields.ReplicasMin, replicas.Min);
            writer.WriteNumber(ModelConfigFields.ReplicasMax, replicas.Max);
            writer.WriteEndObject();
        }

        if (config.InstanceCount != 1)
        {
            writer.WriteNumber(ModelConfigReader.InstanceCountField, config.InstanceCount);
        }

        if (config.Memory is { } memory)
        {
            writer.WriteStartObject(ModelConfigReader.MemoryField);
            writer.WriteBoolean(ModelConfigReader.MemoryArenaField, memory.Arena);
            writer.WriteBoolean(ModelConfigReader.MemoryPatternField, memory.MemoryPattern);
            writer.WriteEndObject();
        }

        if (config.Slo is { } slo)
        {
            writer.WriteStartObject(ModelConfigReader.SloField);
            writer.WriteNumber(ModelConfigReader.SloAvailabilityField, slo.Availability);
            writer.WriteNumber(ModelConfigReader.SloLatencyField, slo.LatencyMs);
            writer.WriteEndObject();
        }

        if (config.Probe is { } probe)
        {
            writer.WritePropertyName(ModelConfigReader.ProbeField);
            writer.WriteRawValue(probe);
        }

        if (config.Execution is { } execution)
        {
            WriteExecution(writer, execution);
        }

        writer.WriteEndObject();
    }

    private static void WriteExecution(Utf8JsonWriter writer, ExecutionSpec execution)
    {
        writer.WriteStartObject(ModelConfigReader.ExecutionField);
        writer.WriteString(ModelConfigReader.ExecutionProviderField, ExecutionWords.Of(ExecutionWords.Providers, execution.Provider));
        if (execution.Device is { } device)
        {
            writer.WriteNumber(ModelConfigReader.ExecutionDeviceField, device);
        }

        if (execution.GpuMemoryLimitBytes is { } limit)
        {
            writer.WriteNumber(ModelConfigReader.ExecutionGpuMemoryLimitField, limit);
        }

        if (execution.CudnnConvAlgoSearch is { } search)
        {
            writer.WriteString(ModelConfigReader.ExecutionCudnnConvAlgoSearchField, ExecutionWords.Of(ExecutionWords.ConvAlgoSearches, search));
        }

        if (execution.UsesGpu)
        {
            writer.WriteString(ModelConfigReader.ExecutionFallbackField, ExecutionWords.Of(ExecutionWords.Fallbacks, execution.Fallback));
        }

        writer.WriteEndObject();
    }
}
