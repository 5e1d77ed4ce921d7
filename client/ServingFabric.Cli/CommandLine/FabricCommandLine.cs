using System.CommandLine;

namespace ServingFabric.Cli;

/// <summary>
/// fabric's command tree (System.CommandLine): every command, its arguments and options, help and completion. Parsing
/// turns a command line into a <see cref="CliCommand"/>, or a <see cref="CliUsageException"/> saying what to type instead.
/// </summary>
internal sealed class FabricCommandLine
{
    /// <summary>Environment variable with the gateway's URL, used when --gateway (or --url) is not given.</summary>
    public const string UrlVariable = "FABRIC_URL";

    /// <summary>Environment variable with the API key, used when neither --api-key nor --api-key-file is given.</summary>
    public const string ApiKeyVariable = "FABRIC_API_KEY";

    /// <summary>Environment variable naming a file that holds the API key, used when neither --api-key nor --api-key-file is given.</summary>
    public const string ApiKeyFileVariable = "FABRIC_API_KEY_FILE";

    /// <summary>Environment variable naming who acts (for the event log), used when --actor is not given.</summary>
    public const string ActorVariable = "FABRIC_ACTOR";

    public const string DefaultUrl = "http://127.0.0.1:8080";

    public FabricCommandLine()
    {
        Root = new RootCommand("fabric: operate a ServingFabric cluster (models, replicas, versions, traffic, canary and A/B releases, faults, scaling, events)");
        // Help names the command as people type it, not after the assembly or test host that runs it.
        Root.HelpName = "fabric";
        Global.AddTo(Root);
        Root.Add(Group("models", "models and their replicas", LookCommands.ModelsGet(), OptimizeCommands.Optimize()));
        Root.Add(InferCommands.Infer());
        Root.Add(LookCommands.Events());
        Root.Add(Group("versions", "the version registry", LookCommands.VersionsList(), VersionCommands.Register(), VersionCommands.Default(), VersionCommands.Retire()));
        Root.Add(VersionCommands.Rollback());
        Root.Add(Group("traffic", "how unversioned requests are split", TrafficCommands.TrafficSet()));
        Root.Add(Group("fault", "fault injection, to rehearse a rollback", TrafficCommands.FaultSet(), TrafficCommands.FaultClear()));
        Root.Add(Group("canary", "canary releases", ReleaseCommands.CanaryStart()));
        Root.Add(Group("ab", "A/B tests", ReleaseCommands.AbStart()));
        Root.Add(ReleaseCommands.Action(ChangeOperation.Promote, "promote the running release's candidate now"));
        Root.Add(ReleaseCommands.Action(ChangeOperation.Abort, "abort the running release; traffic goes back to the control"));
        Root.Add(ReleaseCommands.Action(ChangeOperation.Pause, "hold the running release at its current step"));
        Root.Add(ReleaseCommands.Action(ChangeOperation.Resume, "go on with a paused release"));
        Root.Add(Group("experiment", "the running or latest canary or A/B test", LookCommands.ExperimentGet()));
        Root.Add(Group("scaling", "replica bounds, targets and decisions", LookCommands.ScalingGet(), ScalingCommands.Set()));
        Root.Add(Group("secrets", "the secrets a silo reads by reference (versions, rotation, checks) and their audit log; never values",
            LookCommands.SecretsStatus(), LookCommands.SecretsAudit()));
        Root.Add(Group("keys", "the gateway's API keys file (ServingFabric:Gateway:Auth:KeysFile)", KeyCommands.Create(), KeyCommands.List(), KeyCommands.Revoke()));
        Root.Add(Group("compliance", "EN 18031 6.4.3 compliance evidence from the running fabric", ComplianceCommands.Verify()));
        Root.Add(Group("gpu", "this machine's NVIDIA GPUs (no gateway needed)", GpuCommands.Probe()));
        Root.Add(HelpTopics.Command());
        Root.Add(CompletionScript.Command());
    }

    public RootCommand Root { get; }

    public GlobalOptions Global { get; } = new();

    /// <summary>Every command that does something, in the order help lists them.</summary>
    public IEnumerable<LeafCommand> Leaves => Root.Subcommands.SelectMany(c => c is LeafCommand leaf ? [leaf] : c.Subcommands.OfType<LeafCommand>());

    /// <summary>Parses with the environment's fallbacks for --gateway, --api-key (or --api-key-file) and --actor.</summary>
    public CliCommand Parse(
        IReadOnlyList<string> args,
        string? urlFromEnvironment = null,
        string? apiKeyFromEnvironment = null,
        string? actorFromEnvironment = null,
        string? apiKeyFileFromEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parse = Root.Parse(args);
        if (HelpTopics.Requested(this, parse) is { } help)
        {
            return help;
        }

        UsageErrors.ThrowIfAny(this, parse, args);
        var url = ParseUrl(parse.GetValue(Global.Gateway) ?? urlFromEnvironment ?? DefaultUrl);
        var leaf = (LeafCommand)parse.CommandResult.Command;
        var (apiKey, apiKeyFile) = Credential(
            NonEmpty(parse.GetValue(Global.ApiKey)), NonEmpty(parse.GetValue(Global.ApiKeyFile)), NonEmpty(apiKeyFromEnvironment), NonEmpty(apiKeyFileFromEnvironment));
        return leaf.Build(parse, url) with
        {
            ApiKey = apiKey,
            ApiKeyFile = apiKeyFile,
            Actor = NonEmpty(parse.GetValue(Global.Actor)) ?? NonEmpty(actorFromEnvironment),
            Output = parse.GetValue(Global.Output),
        };
    }

    /// <summary>The key or key file to send: the command line's, else the environment's; two at the same level are a mistake.</summary>
    private static (string? ApiKey, string? ApiKeyFile) Credential(string? key, string? file, string? keyFromEnvironment, string? fileFromEnvironment) =>
        (key, file, keyFromEnvironment, fileFromEnvironment) switch
        {
            ({ }, { }, _, _) => throw new CliUsageException("--api-key and --api-key-file are both given; give one (--api-key-file keeps the key out of the process list)"),
            ({ }, null, _, _) or (null, { }, _, _) => (key, file),
            (null, null, { }, { }) => throw new CliUsageException(
                $"{ApiKeyVariable} and {ApiKeyFileVariable} are both set; unset one (or give --api-key-file to choose)"),
            _ => (keyFromEnvironment, fileFromEnvironment),
        };

    private static Command Group(string name, string description, params LeafCommand[] leaves)
    {
        var group = new Command(name, description);
        foreach (var leaf in leaves)
        {
            group.Add(leaf);
        }

        return group;
    }

    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new CliUsageException($"--gateway '{text}' is not an http(s) URL; give the gateway's address, as in --gateway http://127.0.0.1:8080");

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
