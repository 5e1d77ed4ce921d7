using ServingFabric.Compliance;
using ServingFabric.Compliance.Bundle;
using ServingFabric.Compliance.Catalogue;

namespace ServingFabric.Cli;

internal static partial class FabricCommand
{
    /// <summary><c>fabric compliance verify</c>: gathers, drills and judges through the library, prints the table and writes the bundle; 1 when a check FAILs.</summary>
    private static async Task<int> ComplianceAsync(ComplianceVerifyCommand command, HttpClient http, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (command.CredentialsFile is not null && (command.ApiKey is not null || command.ApiKeyFile is not null))
        {
            await error.WriteLineAsync("fabric: --credentials and --api-key/--api-key-file (or their variables) are both given; give one");
            return UsageError;
        }

        var keyFile = command.CredentialsFile ?? command.ApiKeyFile;
        var (key, problem) = keyFile is null ? (command.ApiKey, null) : await AuditorKey.ReadAsync(keyFile, cancellationToken);
        if (problem is not null)
        {
            await error.WriteLineAsync($"fabric: {problem}");
            return UsageError;
        }

        // Progress goes to stderr, line by line, so stdout stays the table a script may read.
        var progress = new SynchronousProgress(line => error.WriteLine($"fabric: {line}"));
        ComplianceRun run;
        string manifest;
        try
        {
            run = await ComplianceVerifier.RunAsync(http, command.Options with { ApiKey = key }, progress, cancellationToken);
            manifest = BundleWriter.Write(run, command.Options.Out);
        }
        catch (IOException ex)
        {
            await error.WriteLineAsync($"fabric: {ex.Message}");
            return Failed;
        }

        foreach (var result in run.Results)
        {
            await output.WriteLineAsync($"{result.Id,-9} {result.Status.ToLabel(),-13} {result.Summary}");
        }

        await output.WriteLineAsync($"{run.Count(ComplianceStatus.Pass)} PASS, {run.Count(ComplianceStatus.Fail)} FAIL, {run.Count(ComplianceStatus.NotEvidenced)} NOT_EVIDENCED; bundle {command.Options.Out} (verify with: cd {command.Options.Out} && sha256sum -c {Path.GetFileName(manifest)})");
        return run.HasFailures ? Failed : Ok;
    }

    /// <summary>Reports on the caller's thread at once; <see cref="Progress{T}"/> would post to the thread pool and lose the order.</summary>
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
