using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>
/// The endpoint × credential matrix: representative endpoints of each group (rows) against every kind of credential
/// (columns), and the answer each cell must get. Independent of how the gateway is reached (HTTP now, HTTPS later).
/// </summary>
public static class AuthMatrix
{
    /// <summary>What an endpoint needs: nothing, any principal, or one of some scopes (for the route's model, when it names one).</summary>
    public enum Access
    {
        Open,
        Authenticated,
        Scoped,
    }

    /// <summary>What a cell must answer.</summary>
    public enum Outcome
    {
        /// <summary>Anything but 401 and 403: the request got past authentication and authorization.</summary>
        Served,

        /// <summary>401 with <c>WWW-Authenticate: Bearer</c> and no error (no credential was presented).</summary>
        Challenged,

        /// <summary>401 with <c>WWW-Authenticate: Bearer ..., error="invalid_token"</c>.</summary>
        InvalidCredential,

        /// <summary>403 naming the missing scope.</summary>
        Forbidden,
    }

    /// <summary>An endpoint: the request, what it needs, and the key that lacks exactly that.</summary>
    public sealed record Row(string Method, string Path, string? Body, Access Access, string Scope = "", bool NamesModel = false)
    {
        /// <summary>The key holding every scope but the ones this row accepts.</summary>
        public string KeyWithoutScope => Scope == FabricScopes.Feedback ? "all-but-inference-feedback" : $"all-but-{(Scope.Length == 0 ? FabricScopes.Faults : Scope)}";
    }

    public static readonly IReadOnlyDictionary<string, Row> Rows = new Dictionary<string, Row>
    {
        ["infer"] = new("POST", "/v2/models/iris/infer", "{}", Access.Scoped, FabricScopes.Inference, NamesModel: true),
        ["model metadata"] = new("GET", "/v2/models/iris", null, Access.Scoped, FabricScopes.Inference, NamesModel: true),
        ["model ready"] = new("GET", "/v2/models/iris/ready", null, Access.Scoped, FabricScopes.Inference, NamesModel: true),
        ["server metadata"] = new("GET", "/v2", null, Access.Authenticated),
        ["repository index"] = new("POST", "/v2/repository/index", "{}", Access.Scoped, FabricScopes.Read),
        ["list versions"] = new("GET", "/v1/models/iris/versions", null, Access.Scoped, FabricScopes.Read, NamesModel: true),
        ["events"] = new("GET", "/v1/events?model=iris", null, Access.Scoped, FabricScopes.Read),
        ["status page"] = new("GET", "/status", null, Access.Scoped, FabricScopes.Read),
        ["status page script"] = new("GET", "/status/status.js", null, Access.Scoped, FabricScopes.Read),
        // Wrong bodies on purpose: a 400 shows the request got past authorization and changed nothing.
        ["v1 write"] = new("POST", "/v1/models/iris/canary", "{}", Access.Scoped, FabricScopes.Manage, NamesModel: true),
        ["repository load"] = new("POST", "/v2/repository/models/iris-not-deployed/load", null, Access.Scoped, FabricScopes.Manage, NamesModel: true),
        ["fault injection"] = new("PUT", "/v1/models/iris/versions/1/fault", """{"abort_percent": 500}""", Access.Scoped, FabricScopes.Faults, NamesModel: true),
        ["feedback"] = new("POST", "/v1/models/iris/feedback", """{"id": "x"}""", Access.Scoped, FabricScopes.Feedback, NamesModel: true),
        ["metrics"] = new("GET", "/metrics", null, Access.Scoped, FabricScopes.Metrics),
        ["health live"] = new("GET", "/v2/health/live", null, Access.Open),
        ["health ready"] = new("GET", "/v2/health/ready", null, Access.Open),
    };

    public static readonly IReadOnlyList<string> Columns =
    [
        "no credential", "unknown key", "wrong secret", "not a key", "expired key", "revoked key", "key without the scope", "key with the scope",
        "pattern key, matching model", "pattern key, other model", "jwt wrong issuer", "jwt wrong audience", "jwt bad signature",
        "jwt expired", "jwt without scope", "jwt with scope",
    ];

    /// <summary>Every cell, for a theory.</summary>
    public static TheoryData<string, string> Cells()
    {
        var cells = new TheoryData<string, string>();
        foreach (var row in Rows.Keys)
        {
            foreach (var column in Columns)
            {
                cells.Add(row, column);
            }
        }

        return cells;
    }

    /// <summary>What the cell must answer.</summary>
    public static Outcome Expected(Row row, string column)
    {
        if (row.Access == Access.Open)
        {
            return Outcome.Served;
        }

        var scoped = row.Access == Access.Scoped;
        return column switch
        {
            "no credential" => Outcome.Challenged,
            "unknown key" or "wrong secret" or "not a key" or "expired key" or "revoked key" or "jwt wrong issuer" or "jwt wrong audience"
                or "jwt bad signature" or "jwt expired" => Outcome.InvalidCredential,
            "key without the scope" or "jwt without scope" or "pattern key, other model" => scoped ? Outcome.Forbidden : Outcome.Served,
            "pattern key, matching model" => scoped && !row.NamesModel ? Outcome.Forbidden : Outcome.Served,
            "key with the scope" or "jwt with scope" => Outcome.Served,
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "no such column"),
        };
    }

    /// <summary>The request of <paramref name="row"/> with the credential of <paramref name="column"/>.</summary>
    public static HttpRequestMessage Request(Row row, string column, TestCredentials credentials)
    {
        var request = new HttpRequestMessage(new HttpMethod(row.Method), row.Path);
        if (row.Body is not null)
        {
            request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
        }

        var key = column switch
        {
            "no credential" => null,
            "unknown key" => TestCredentials.UnknownKey,
            "wrong secret" => credentials.Key("ops-all")[..^43] + new string('B', 43),
            "not a key" => "not-a-key-and-not-the-admin-key",
            "expired key" => credentials.Key("expired"),
            "revoked key" => credentials.Key("revoked"),
            "key without the scope" => credentials.Key(row.KeyWithoutScope),
            "key with the scope" => credentials.Key("ops-all"),
            "pattern key, matching model" => credentials.Key("pattern-match"),
            "pattern key, other model" => credentials.Key("pattern-miss"),
            "jwt wrong issuer" => credentials.Token("svc-a", scp: "inference read manage", issuer: "https://someone-else.test"),
            "jwt wrong audience" => credentials.Token("svc-a", scp: "inference read manage", audience: "api://another-app"),
            "jwt bad signature" => credentials.Token("svc-a", scp: "inference read manage", signedByStranger: true),
            "jwt expired" => credentials.Token("svc-a", scp: "inference read manage", expired: true),
            "jwt without scope" => credentials.Token("svc-a", scp: "unrelated.scope"),
            // Delegated scopes in scp, app roles in roles: both count.
            "jwt with scope" => credentials.Token("svc-a", scp: "inference read manage", roles: [FabricScopes.Faults, FabricScopes.Feedback, FabricScopes.Metrics]),
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "no such column"),
        };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    /// <summary>Sends the cell's request and asserts its answer.</summary>
    public static async Task AssertCellAsync(HttpClient http, TestCredentials credentials, string rowName, string column)
    {
        var row = Rows[rowName];
        using var request = Request(row, column, credentials);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var challenge = response.Headers.WwwAuthenticate.ToString();
        var cell = $"{rowName} × {column}: {status} {challenge} {body[..Math.Min(body.Length, 300)]}";
        switch (Expected(row, column))
        {
            case Outcome.Served:
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), cell);
                break;
            case Outcome.Challenged:
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, cell);
                Assert.True(challenge == "Bearer realm=\"servingfabric\"", cell);
                Assert.Contains("needs a credential", body, StringComparison.Ordinal);
                break;
            case Outcome.InvalidCredential:
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, cell);
                Assert.True(challenge.StartsWith("Bearer realm=\"servingfabric\", error=\"invalid_token\"", StringComparison.Ordinal), cell);
                Assert.StartsWith("{\"error\":", body, StringComparison.Ordinal);
                break;
            case Outcome.Forbidden:
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, cell);
                Assert.Contains($"scope '{(row.Scope == FabricScopes.Feedback ? FabricScopes.Inference : row.Scope)}'", body, StringComparison.Ordinal);
                break;
        }
    }
}
