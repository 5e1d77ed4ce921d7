namespace ServingFabric.Chaos.Soak;

/// <summary>One silo at one moment of a soak: minutes since the soak began, RSS and GC heap in MB, threads, open file descriptors, and the load's p99 over the last interval.</summary>
internal sealed record ProcessSample(string Silo, double Minutes, double RssMb, double? GcHeapMb, int Threads, int OpenHandles, double? P99Ms);
