using ServingFabric.Compliance.Catalogue;
using ServingFabric.Compliance.Evidence;

namespace ServingFabric.Compliance.Checks;

/// <summary>The NOT_EVIDENCED verdict of a source that could not be read, naming what would evidence the check.</summary>
internal static class Missing
{
    public static Verdict Source<T>(Sourced<T> source, string toEvidence)
        where T : class => Verdict.NotEvidenced(source.Missing ?? $"{source.Source}: not read", toEvidence);

    public const string LiveFabric = "a reachable gateway (--url) and a key with the read scope (--credentials)";

    public const string Manifests = "the deployment folder (--deploy deploy/) with the Kubernetes manifests";
}
