using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Security.Secrets;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Operator;

/// <summary>
/// What this silo knows of its secrets: which references it reads, their versions and checks (<c>GET /v1/secrets</c>),
/// and its bounded audit log of accesses (<c>GET /v1/audit/secrets</c>). Scope <c>read</c>; no value is ever part of it.
/// </summary>
internal static class SecretEndpoints
{
    public const int MaxLimit = 1_000;
    private const int DefaultLimit = 100;

    public static Task StatusAsync(HttpContext context)
    {
        var store = context.RequestServices.GetService<ISecretStore>();
        var answer = new SecretStatusResponse(SiloName.Current, store?.Status() ?? []);
        return ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, answer, ManagementJsonContext.Default.SecretStatusResponse);
    }

    public static Task AuditAsync(HttpContext context)
    {
        var limit = DefaultLimit;
        if (context.Request.Query.TryGetValue("limit", out var text)
            && (!int.TryParse(text.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, $"query parameter 'limit' must be a whole number from 1 to {MaxLimit}");
        }

        var audit = context.RequestServices.GetService<ISecretAuditLog>();
        var answer = new SecretAuditResponse(SiloName.Current, audit?.Total ?? 0, audit?.Recent(limit) ?? []);
        return ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, answer, ManagementJsonContext.Default.SecretAuditResponse);
    }
}
