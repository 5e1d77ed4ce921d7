namespace ServingFabric.Scaling;

/// <summary>Admission control a front applies per version on its silo (from the model's scaling settings).</summary>
/// <param name="MaxConcurrency">Requests in service at once; more wait in the queue.</param>
/// <param name="MaxQueueLength">Requests waiting; more are refused with 429 and Retry-After at once.</param>
/// <param name="QueueTimeout">Longest wait in the queue (for capacity being added) before 429.</param>
[GenerateSerializer, Immutable, Alias("sf.AdmissionLimits")]
public sealed record AdmissionLimits(
    [property: Id(0)] int MaxConcurrency,
    [property: Id(1)] int MaxQueueLength,
    [property: Id(2)] TimeSpan QueueTimeout);
