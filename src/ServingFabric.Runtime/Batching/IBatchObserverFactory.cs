namespace ServingFabric.Runtime.Batching;

/// <summary>Creates the observer of one model version's batcher; telemetry registers one so each version is tagged.</summary>
public interface IBatchObserverFactory
{
    /// <summary>The observer for <paramref name="modelName"/> <paramref name="version"/>, or null to observe nothing.</summary>
    IBatchObserver? Create(string modelName, string version);
}
