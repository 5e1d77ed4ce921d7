using Spectre.Console;

namespace ServingFabric.Cli.Rendering;

/// <summary>What colour a state is: good green, in progress yellow, bad red; anything else plain.</summary>
internal static class Colours
{
    public static Style Of(string value) => value switch
    {
        "healthy" or "ready" or "active" or "promoted" or "concluded" or "yes" => new Style(Color.Green),
        "warming" or "loading" or "running" or "paused" or "draining" or "continue" => new Style(Color.Yellow),
        "unhealthy" or "unreachable" or "failed" or "rolled_back" or "aborted" or "UNLOADED" or "rollback" => new Style(Color.Red),
        _ => Style.Plain,
    };

    public static Spectre.Console.Rendering.IRenderable Cell(string value) => FabricTable.Cell(value, Of(value));
}
