using System.CommandLine;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Cli;

/// <summary>keys create, list, revoke: the gateway's keys file, edited on the machine or volume that holds it.</summary>
internal static class KeyCommands
{
    private const string FileExample = "/etc/serving-fabric/keys.json";

    public static LeafCommand Create()
    {
        var file = File();
        var name = FabricOptions.Text("--name", "fraud-scorer", "who holds the key: letters, digits, . _ - @ (at most 64)");
        var scopes = FabricOptions.WithExample(new Option<string[]>("--scope")
        {
            Description = $"what the key grants (repeat for several): {string.Join(", ", FabricScopes.All)}; narrowed to models as in inference:fraud-*",
            HelpName = "scope",
            Arity = ArgumentArity.OneOrMore,
        }, "inference:fraud-*");
        var expires = FabricOptions.Text("--expires", "90d", "when the key stops working: a lifetime (90d, 12h) or a date (2027-03-01, midnight UTC); default never");
        var allowDuplicate = FabricOptions.Flag("--allow-duplicate-name", "make the key although an active key has this name (rotation: revoke the old one by id afterwards)");
        var command = new LeafCommand("create", "make a key, append it to the keys file and print it once",
            $"fabric keys create --file {FileExample} --name fraud-scorer --scope inference:fraud-* --scope feedback --expires 90d", (parse, url) =>
            {
                var holder = parse.GetValue(name)!;
                if (holder.Length > 64 || !holder.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
                {
                    throw new CliUsageException($"--name '{holder}' must be 1 to 64 letters, digits or . _ - @, as in --name fraud-scorer");
                }

                var granted = parse.GetValue(scopes)!.Distinct(StringComparer.Ordinal).ToList();
                if (granted.FirstOrDefault(s => !FabricScopes.IsValid(s)) is { } wrong)
                {
                    throw new CliUsageException(
                        $"--scope '{wrong}' is not a scope; give one of {string.Join(", ", FabricScopes.All)}, optionally narrowed to model names as in --scope inference:fraud-*");
                }

                return new CreateKeyCommand(url, parse.GetValue(file)!, holder, granted,
                    parse.GetValue(expires) is { } text ? KeyExpiry.Parse(text) : null, parse.GetValue(allowDuplicate));
            }) { file, name, scopes, expires, allowDuplicate };
        command.Validators.Add(result => Require.Options(result, "keys create", (file, FileExample), (name, "fraud-scorer"), (scopes, "inference:fraud-*")));
        return command;
    }

    public static LeafCommand List()
    {
        var file = File();
        var command = new LeafCommand("list", "every key: id, name, scopes, created, expires, status (never a hash)", $"fabric keys list --file {FileExample}",
            (parse, url) => new ListKeysCommand(url, parse.GetValue(file)!)) { file };
        command.Validators.Add(result => Require.Options(result, "keys list", (file, FileExample)));
        return command;
    }

    public static LeafCommand Revoke()
    {
        var file = File();
        var key = new Argument<string>("key") { Description = "the key's id (or the name of its one unrevoked key)" };
        var command = new LeafCommand("revoke", "revoke a key; the record stays in the file for audit", $"fabric keys revoke --file {FileExample} 3f9a1c0e5b7d2a41",
            (parse, url) => new RevokeKeyCommand(url, parse.GetValue(file)!, parse.GetValue(key)!)) { key, file };
        command.Validators.Add(result => Require.Options(result, "keys revoke", (file, FileExample)));
        return command;
    }

    private static Option<string?> File() =>
        FabricOptions.Text("--file", FileExample, "the gateway's keys file (ServingFabric:Gateway:Auth:KeysFile)");
}
