using System.Text.Json;
using Spectre.Console;

namespace ServingFabric.Cli.Rendering;

/// <summary>Prints a change's answer with the view that fits it.</summary>
internal static class ChangeView
{
    public static void Write(IAnsiConsole console, AnswerView view, JsonElement answer, DateTimeOffset now)
    {
        switch (view)
        {
            case AnswerView.Model:
                ModelView.Write(console, answer);
                break;
            case AnswerView.Version:
                console.Write(new Text($"registered version {ModelView.Str(answer, "version")} of model {ModelView.Str(answer, "model")}\n"));
                VersionsView.Write(console, [answer]);
                break;
            case AnswerView.Versions:
                VersionsView.Write(console, answer.GetProperty("versions").EnumerateArray());
                break;
            case AnswerView.Scaling:
                AutoscalingView.Write(console, answer);
                break;
            case AnswerView.Rollback when ModelView.Str(answer, "action") == "default_rolled_back":
                console.Write(new Text($"model {ModelView.Str(answer, "model")}: no release was running, so the default version went back to {ModelView.Str(answer, "default_version")}\n\n"));
                VersionsView.Write(console, answer.GetProperty("versions").EnumerateArray());
                break;
            case AnswerView.Rollback:
                console.Write(new Text($"model {ModelView.Str(answer, "model")}: the running release was aborted; traffic is back on the control\n\n"));
                ReleaseView.Write(console, answer, now);
                break;
            default:
                ReleaseView.Write(console, answer, now);
                break;
        }
    }
}
