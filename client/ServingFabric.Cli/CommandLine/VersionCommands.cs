using System.CommandLine;
using System.Text.Json.Nodes;

namespace ServingFabric.Cli;

/// <summary>versions register|default|retire and rollback.</summary>
internal static class VersionCommands
{
    public static LeafCommand Register()
    {
        var model = Words.Model();
        var version = Words.Version();
        var artifact = FabricOptions.Text("--artifact", "/models-inbox/iris-2.onnx", "the .onnx file, on the gateway silo, under a configured import root (required)");
        var sha256 = FabricOptions.Text("--sha256", "$(sha256sum model.onnx | cut -d' ' -f1)", "the file's SHA-256, checked before it is used (required)");
        var makeDefault = FabricOptions.Flag("--default", "make it the default version once registered");
        var reason = Words.Reason();
        var wait = Words.Wait("every replica of the version is ready");
        var timeout = Words.Timeout("600");
        var upload = FabricOptions.Text("--upload", "https://account.blob.core.windows.net/models?<sas>",
            "instead: upload the local --artifact to this blob container (SAS URL) and declare its SHA-256 in config.json there; Source=blob silos load it at their next poll");
        var prefix = FabricOptions.Text("--prefix", "prod", "with --upload: the repository's folder in the container (ServingFabric:ModelRepository:Blob:Prefix)");
        var command = new LeafCommand("register", "import a .onnx file on the gateway silo (SHA-256 checked) and register it, or --upload it to a blob repository",
            "fabric versions register iris 2 --artifact /models-inbox/iris-2.onnx --sha256 <hex> [--default]", (parse, url) =>
            {
                if (parse.GetValue(upload) is { } container)
                {
                    return new UploadVersionCommand(url, parse.GetValue(model)!, parse.GetValue(version)!, parse.GetValue(artifact)!, parse.GetValue(sha256)!,
                        ContainerUrl(container), parse.GetValue(prefix) ?? "", parse.GetValue(makeDefault));
                }

                var body = new JsonObject
                {
                    ["version"] = parse.GetValue(version),
                    ["artifact"] = parse.GetValue(artifact),
                    ["sha256"] = parse.GetValue(sha256),
                    ["default"] = parse.GetValue(makeDefault),
                };
                var change = RequestBodies.Change(url, ChangeOperation.RegisterVersion, parse.GetValue(model)!, parse.GetValue(version), body.WithReason(parse, reason));
                return parse.GetValue(wait)
                    ? change with { Wait = new(WaitKind.VersionReady, parse.GetValue(model)!, parse.GetValue(version)), WaitTimeout = Words.TimeoutOf(parse, timeout, 600) }
                    : change;
            }) { model, version, artifact, sha256, makeDefault, reason, wait, timeout, upload, prefix };
        command.Validators.Add(result => Require.Options(result, "versions register", (artifact, "/models-inbox/iris-2.onnx"), (sha256, "$(sha256sum model.onnx | cut -d' ' -f1)")));
        command.Validators.Add(result => Require.OnlyWith(result, wait, timeout));
        command.Validators.Add(result => Require.OnlyWith(result, upload, prefix));
        command.Validators.Add(result =>
        {
            if (result.GetResult(upload) is not null && result.GetResult(wait) is not null)
            {
                result.AddError("--wait does not apply with --upload: the silos load the version at their next poll; follow it with fabric versions list");
            }
        });
        return command;
    }

    private static Uri ContainerUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliUsageException("--upload is not an http(s) URL; give the container's URL with a SAS token, as in --upload https://account.blob.core.windows.net/models?<sas>");

    public static LeafCommand Default() => VersionAction(ChangeOperation.SetDefaultVersion, "default", "make it the default version", "fabric versions default iris 2");

    public static LeafCommand Retire() => VersionAction(ChangeOperation.RetireVersion, "retire", "no traffic, no replicas", "fabric versions retire iris 1");

    public static LeafCommand Rollback()
    {
        var model = Words.Model();
        var reason = Words.Reason();
        return new LeafCommand("rollback", "abort the running canary or A/B test; without one, restore the previous default",
            "fabric rollback iris --reason \"errors after v2\"",
            (parse, url) => RequestBodies.Change(url, ChangeOperation.Rollback, parse.GetValue(model)!, null, new JsonObject().WithReason(parse, reason))) { model, reason };
    }

    private static LeafCommand VersionAction(ChangeOperation operation, string action, string description, string example)
    {
        var model = Words.Model();
        var version = Words.Version();
        var reason = Words.Reason();
        return new LeafCommand(action, description, example,
            (parse, url) => RequestBodies.Change(url, operation, parse.GetValue(model)!, parse.GetValue(version), new JsonObject().WithReason(parse, reason))) { model, version, reason };
    }
}
