namespace ServingFabric.Runtime.Repository;

/// <summary>The field names of config.json, shared by the reader, the writer and their messages.</summary>
internal static class ModelConfigFields
{
    public const string Platform = "platform";
    public const string MaxBatchSize = "max_batch_size";
    public const string DynamicBatching = "dynamic_batching";
    public const string MaxQueueDelayMicroseconds = "max_queue_delay_microseconds";
    public const string PreferredBatchSize = "preferred_batch_size";
    public const string MaxQueueSize = "max_queue_size";
    public const string EngineThreads = "engine_threads";
    public const string DefaultVersion = "default_version";
    public const string Versions = "versions";
    public const string Sha256 = "sha256";
    public const string Replicas = "replicas";
    public const string ReplicasMin = "min";
    public const string ReplicasMax = "max";
    public const string Deterministic = "deterministic";
}
