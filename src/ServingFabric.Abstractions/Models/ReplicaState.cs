namespace ServingFabric.Models;

/// <summary>Lifecycle of a replica's model version.</summary>
public enum ReplicaState
{
    /// <summary>The model is being loaded and warmed; not in traffic yet.</summary>
    Loading,
    /// <summary>Loaded and warmed: serving.</summary>
    Ready,
    /// <summary>The load failed (missing artifact, SHA-256 mismatch, invalid graph); see the error.</summary>
    Failed,
}
