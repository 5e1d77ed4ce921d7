using System.Text.Json;
using ServingFabric.Cli.Rendering;
using ServingFabric.Contracts.Security;
using Spectre.Console;

namespace ServingFabric.Cli;

/// <summary>fabric keys: create, list and revoke keys in a gateway's keys file; gateways pick changes up when they reload it.</summary>
internal static partial class FabricCommand
{
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private static async Task<int> KeysAsync(KeysCommand command, IAnsiConsole console, TextWriter output, TextWriter error, TimeProvider time)
    {
        try
        {
            var now = time.GetUtcNow();
            return command switch
            {
                CreateKeyCommand create => await CreateKeyAsync(create, console, output, error, now),
                RevokeKeyCommand revoke => await RevokeKeyAsync(revoke, output, error, now),
                _ => await ListKeysAsync((ListKeysCommand)command, console, output, now),
            };
        }
        catch (KeysFileException ex)
        {
            await error.WriteLineAsync($"fabric: {ex.Message}");
            return Failed;
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"fabric: {ex.Message}");
            return UsageError;
        }
    }

    private static async Task<int> CreateKeyAsync(CreateKeyCommand create, IAnsiConsole console, TextWriter output, TextWriter error, DateTimeOffset now)
    {
        var expiresAt = create.Expires?.From(now);
        string key;
        ApiKeyRecord record;
        using (KeysFile.Lock(create.File))
        {
            var keys = KeysFile.Read(create.File, absentIsEmpty: true);
            var sameName = keys.Where(k => k.Name == create.Name && KeysView.Status(k, now) == "active").ToList();
            if (sameName.Count > 0 && !create.AllowDuplicateName)
            {
                await error.WriteLineAsync(
                    $"fabric: an active key named '{create.Name}' is in '{create.File}' already (id {string.Join(", ", sameName.Select(k => k.Id))}); " +
                    $"revoke it first (fabric keys revoke --file {create.File} {sameName[0].Id}), or to rotate pass --allow-duplicate-name and revoke the old key by id once the new one is deployed");
                return Failed;
            }

            (record, key) = ApiKeyHashing.Create(create.Name, create.Scopes, now, expiresAt);
            keys.Add(record);
            KeysFile.Write(create.File, keys);
        }

        if (create.Output == OutputFormat.Json)
        {
            var answer = KeysView.Json(record, now);
            answer["key"] = key;
            await output.WriteLineAsync(answer.ToJsonString(IndentedJson));
            await error.WriteLineAsync("fabric: the key is shown only now; the keys file keeps only a salted hash of it");
            return Ok;
        }

        console.WriteLine($"created key {record.Id} for {record.Name} in {create.File}: scopes {string.Join(",", record.Scopes)}; expires {(expiresAt is { } e ? KeysView.Time(e) + " (utc)" : "never")}");
        console.WriteLine();
        console.WriteLine($"  {key}");
        console.WriteLine();
        console.WriteLine("This key is shown only now: the file keeps only a salted hash, so it cannot be shown again. Store it in a secret store;");
        console.WriteLine($"give it to clients in a file ({FabricCommandLine.ApiKeyFileVariable}, ServingFabricClientOptions.ApiKeyFile), not on a command line.");
        console.WriteLine("Gateways accept it once they reload the keys file (ServingFabric:Gateway:Auth:KeysReloadInterval).");
        return Ok;
    }

    private static async Task<int> ListKeysAsync(ListKeysCommand list, IAnsiConsole console, TextWriter output, DateTimeOffset now)
    {
        var keys = KeysFile.Read(list.File, absentIsEmpty: false);
        if (list.Output == OutputFormat.Json)
        {
            await output.WriteLineAsync(KeysView.Json(keys, now).ToJsonString(IndentedJson));
        }
        else
        {
            KeysView.Write(console, keys, now);
        }

        return Ok;
    }

    private static async Task<int> RevokeKeyAsync(RevokeKeyCommand revoke, TextWriter output, TextWriter error, DateTimeOffset now)
    {
        using (KeysFile.Lock(revoke.File))
        {
            var keys = KeysFile.Read(revoke.File, absentIsEmpty: false);
            var index = keys.FindIndex(k => k.Id == revoke.Key);
            if (index < 0)
            {
                var named = keys.Select((k, i) => (Key: k, Index: i)).Where(k => k.Key.Name == revoke.Key && k.Key.RevokedAt is null).ToList();
                if (named.Count > 1)
                {
                    await error.WriteLineAsync(
                        $"fabric: {named.Count} unrevoked keys are named '{revoke.Key}' in '{revoke.File}' (ids {string.Join(", ", named.Select(k => k.Key.Id))}); revoke one by id");
                    return Failed;
                }

                if (named.Count == 0)
                {
                    await error.WriteLineAsync(
                        $"fabric: no key with id or name '{revoke.Key}' in '{revoke.File}' (revoked keys are found by id only); 'fabric keys list --file {revoke.File}' shows the keys");
                    return Failed;
                }

                index = named[0].Index;
            }

            var key = keys[index];
            if (key.RevokedAt is { } revokedAt)
            {
                await output.WriteLineAsync($"key {key.Id} ({key.Name}) was revoked already at {KeysView.Time(revokedAt)} (utc); nothing changed");
                return Ok;
            }

            keys[index] = key with { RevokedAt = now };
            KeysFile.Write(revoke.File, keys);
            await output.WriteLineAsync(
                $"revoked key {key.Id} ({key.Name}); gateways refuse it once they reload '{revoke.File}' (ServingFabric:Gateway:Auth:KeysReloadInterval)");
            return Ok;
        }
    }
}
