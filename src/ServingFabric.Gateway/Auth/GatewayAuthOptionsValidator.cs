using ServingFabric.Contracts.Security.Secrets;
using System.Net;
using Microsoft.Extensions.Options;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Checks <see cref="GatewayAuthOptions"/> at start, so a broken keys file, JWKS file or JWT setting stops the silo
/// with a message naming the setting (and file) and what to fix, instead of refusing every caller later.
/// </summary>
internal sealed class GatewayAuthOptionsValidator : IValidateOptions<GatewayAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.KeysReloadInterval <= TimeSpan.Zero)
        {
            failures.Add($"ServingFabric:Gateway:Auth:KeysReloadInterval is {options.KeysReloadInterval}; use a positive interval such as 00:00:05.");
        }

        if (options.RotationOverlap < TimeSpan.Zero)
        {
            failures.Add($"ServingFabric:Gateway:Auth:RotationOverlap is {options.RotationOverlap}; use zero or a positive window such as 00:10:00.");
        }

        if (SecretReference.LooksLikeReference(options.KeysFile))
        {
            if (!SecretReference.TryParse(options.KeysFile, out _, out var error))
            {
                failures.Add($"ServingFabric:Gateway:Auth:KeysFile: {error}");
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.KeysFile))
        {
            Try(failures, () => ApiKeysFileReader.Read(options.KeysFile));
        }

        ValidateJwt(options.Jwt, failures);
        foreach (var proxy in options.KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                failures.Add($"ServingFabric:Gateway:Auth:KnownProxies has '{proxy}'; list the proxies' IP addresses, such as 10.0.0.5.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateJwt(JwtIssuerOptions jwt, List<string> failures)
    {
        if (!jwt.IsConfigured)
        {
            if (!string.IsNullOrWhiteSpace(jwt.MetadataAddress) || !string.IsNullOrWhiteSpace(jwt.JwksFile))
            {
                failures.Add("ServingFabric:Gateway:Auth:Jwt has signing keys but no Issuer and Audience; set both, such as Issuer=https://login.microsoftonline.com/<tenant>/v2.0 and Audience=api://servingfabric.");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(jwt.Issuer) || string.IsNullOrWhiteSpace(jwt.Audience))
        {
            failures.Add("ServingFabric:Gateway:Auth:Jwt needs both Issuer and Audience; set the issuer tokens carry (iss) and this fabric's audience (aud).");
        }

        var hasMetadata = !string.IsNullOrWhiteSpace(jwt.MetadataAddress);
        var hasFile = !string.IsNullOrWhiteSpace(jwt.JwksFile);
        if (hasMetadata == hasFile)
        {
            failures.Add("ServingFabric:Gateway:Auth:Jwt needs exactly one of MetadataAddress (https://.../.well-known/openid-configuration) and JwksFile (a local JSON Web Key Set).");
        }
        else if (hasMetadata && (!Uri.TryCreate(jwt.MetadataAddress, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"ServingFabric:Gateway:Auth:Jwt:MetadataAddress '{jwt.MetadataAddress}' is not an https URL; signing keys must come over HTTPS, such as https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration.");
        }
        else if (hasFile)
        {
            Try(failures, () => JwksFileKeys.Read(jwt.JwksFile!));
        }
    }

    private static void Try(List<string> failures, Action check)
    {
        try
        {
            check();
        }
        catch (InvalidOperationException ex)
        {
            failures.Add(ex.Message);
        }
    }
}
