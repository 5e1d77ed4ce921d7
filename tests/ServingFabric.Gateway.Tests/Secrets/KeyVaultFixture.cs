using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Microsoft.Extensions.Logging;
using ServingFabric.Hosting.Secrets;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Secrets;

/// <summary>A Key Vault test server with its CA written as PEM, and stores built against it.</summary>
public sealed class KeyVaultFixture : IAsyncLifetime
{
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa("Key Vault Test CA");

    internal KeyVaultTestServer Server { get; private set; } = null!;

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "sf-kv-" + Guid.NewGuid().ToString("N"));

    public string CaFile => Path.Combine(Folder, "ca.crt");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(CaFile, _ca.ExportCertificatePem());
        Server = await KeyVaultTestServer.StartAsync(_ca);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    internal SecretStoreOptions Options(TimeSpan? poll = null) => new()
    {
        PollInterval = poll ?? TimeSpan.FromMilliseconds(100),
        FilePollInterval = poll ?? TimeSpan.FromMilliseconds(100),
        RetryBackoff = TimeSpan.FromMilliseconds(400),
        DisableChallengeResourceVerification = true,
        TrustedCaFile = CaFile,
    };

    /// <summary>A store on the test vault with a credential holding a token the vault issued.</summary>
    internal SecretStore Store(CapturingLogger logger, SecretStoreOptions? options = null, TokenCredential? credential = null)
    {
        options ??= Options();
        return new SecretStore(
            options, new KeyVaultSecretBackend(options, credential ?? new IssuedTokenCredential(Server.IssueToken())), new FileSecretBackend(),
            new SecretAuditLog(options.AuditCapacity), new SecretMetrics(), TimeProvider.System, logger, "test-silo");
    }
}

/// <summary>A credential holding one token the test vault issued (Entra cannot be reached here).</summary>
internal sealed class IssuedTokenCredential(string token) : TokenCredential
{
    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Enqueue(scope);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}

/// <summary>Keeps every formatted log line and its event id.</summary>
internal sealed class CapturingLogger : ILogger
{
    public ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((eventId, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
}

[CollectionDefinition(Name)]
public sealed class KeyVaultCollection : ICollectionFixture<KeyVaultFixture>
{
    public const string Name = "key vault";
}
