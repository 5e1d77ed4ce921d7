using System.Text.Json;
using ServingFabric.Contracts.Security;

namespace ServingFabric.Gateway.Auth;

/// <summary>
/// Reads and checks the API keys file: well-formed JSON of <see cref="ApiKeysFile"/>, unique ids of 16 lowercase hex
/// characters, names of letters, digits and <c>. _ - @</c>, and only scopes <see cref="FabricScopes.IsValid"/> knows.
/// Throws <see cref="InvalidOperationException"/> naming the file, the record and what to fix.
/// </summary>
internal static class ApiKeysFileReader
{
    private const int MaxNameLength = 64;

    /// <summary>The file's keys by id.</summary>
    public static Dictionary<string, ApiKeyRecord> Read(string path)
    {
        ApiKeysFile? file;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file = JsonSerializer.Deserialize(stream, ApiKeysJsonContext.Default.ApiKeysFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Problem(path, $"cannot be read ({ex.Message}); mount the keys file there or fix the path");
        }
        catch (JsonException ex)
        {
            throw Problem(path, $"is not a valid keys file ({ex.Message}); write it with 'fabric keys create' or fix the JSON");
        }

        return Validate(file, path);
    }

    /// <summary>
    /// The keys of a keys file's JSON held in a secret (<paramref name="source"/> names the reference). A JSON error is
    /// reported by position only, since the text is a secret.
    /// </summary>
    public static Dictionary<string, ApiKeyRecord> Parse(string json, string source)
    {
        ApiKeysFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, ApiKeysJsonContext.Default.ApiKeysFile);
        }
        catch (JsonException ex)
        {
            throw Problem(source, $"is not a valid keys file (JSON error at line {ex.LineNumber}, byte {ex.BytePositionInLine}); write it with 'fabric keys create'");
        }

        return Validate(file, source);
    }

    private static Dictionary<string, ApiKeyRecord> Validate(ApiKeysFile? file, string path)
    {
        if (file?.Keys is null)
        {
            throw Problem(path, "holds no \"keys\" array; expected {\"keys\": [...]} as 'fabric keys create' writes it");
        }

        var keys = new Dictionary<string, ApiKeyRecord>(file.Keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < file.Keys.Count; i++)
        {
            var key = file.Keys[i] ?? throw Problem(path, $"has a null entry at keys[{i}]; remove it");
            Check(path, i, key);
            if (!keys.TryAdd(key.Id, key))
            {
                throw Problem(path, $"has id '{key.Id}' twice (keys[{i}]); ids must be unique: remove or regenerate one of them");
            }
        }

        return keys;
    }

    private static void Check(string path, int index, ApiKeyRecord key)
    {
        if (!ApiKeyHashing.TryParse($"{ApiKeyHashing.Prefix}{key.Id}_{new string('A', 43)}", out _, out _))
        {
            throw Problem(path, $"keys[{index}] has id '{key.Id}'; expected 16 lowercase hex characters as 'fabric keys create' makes them");
        }

        if (!IsValidName(key.Name))
        {
            throw Problem(path, $"keys[{index}] (id {key.Id}) has name '{key.Name}'; use 1 to {MaxNameLength} letters, digits and . _ - @");
        }

        foreach (var scope in key.Scopes ?? [])
        {
            if (!FabricScopes.IsValid(scope))
            {
                throw Problem(path, $"keys[{index}] (name {key.Name}) has scope '{scope}'; expected one of {string.Join(", ", FabricScopes.All)}, optionally narrowed to models like inference:fraud-*");
            }
        }

        if (string.IsNullOrEmpty(key.Salt) || string.IsNullOrEmpty(key.Hash))
        {
            throw Problem(path, $"keys[{index}] (name {key.Name}) has no salt or hash; regenerate the key with 'fabric keys create'");
        }
    }

    private static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-' or '@'))
            {
                return false;
            }
        }

        return true;
    }

    private static InvalidOperationException Problem(string path, string what) =>
        new($"ServingFabric:Gateway:Auth:KeysFile '{path}' {what}.");
}
