using ServingFabric.Models;

namespace ServingFabric.Runtime.Hosting;

/// <summary>A model version held by a <see cref="ModelHost"/>, for status pages and readiness.</summary>
/// <param name="ModelName">Model name.</param>
/// <param name="Version">Version.</param>
/// <param name="State">Loading while its load runs, then Ready.</param>
/// <param name="Leases">Replicas (and other holders) sharing it.</param>
/// <param name="QueueDepth">Rows waiting in its batcher.</param>
/// <param name="QueuedRequests">Requests waiting in its batcher.</param>
/// <param name="InFlight">Requests its replicas on this silo are serving now (waiting in the batcher or running).</param>
/// <param name="LoadingFor">While loading, how long the load has run; zero once ready.</param>
public sealed record LoadedModelInfo(
    string ModelName, string Version, ReplicaState State, int Leases, int QueueDepth, int QueuedRequests, int InFlight = 0, TimeSpan LoadingFor = default);
