using System.Reflection;
using System.Security.Cryptography;

namespace ServingFabric.Gateway.Status;

/// <summary>
/// One file of the status page, embedded in the gateway assembly so a published app serves it without a content root
/// and without anything from the network. The ETag is the content's hash: a new build changes it, a restart does not.
/// </summary>
internal sealed class StatusPageAsset
{
    private StatusPageAsset(string fileName, string contentType, byte[] content)
    {
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";
    }

    /// <summary>The file's name under <c>Status/Assets</c>.</summary>
    public string FileName { get; }

    /// <summary>The media type it is served with (with its charset).</summary>
    public string ContentType { get; }

    public byte[] Content { get; }

    /// <summary>A strong validator for <c>If-None-Match</c>.</summary>
    public string ETag { get; }

    /// <summary>Reads <paramref name="fileName"/> from the assembly's manifest resources.</summary>
    public static StatusPageAsset Load(string fileName, string contentType)
    {
        var name = "ServingFabric.Gateway.Status.Assets." + fileName;
        using var stream = typeof(StatusPageAsset).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the status page file '{name}' is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}; the project must list Status/Assets/* as EmbeddedResource");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new StatusPageAsset(fileName, contentType, buffer.ToArray());
    }
}
