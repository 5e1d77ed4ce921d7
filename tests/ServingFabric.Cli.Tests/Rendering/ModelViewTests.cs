using System.Text.Json;
using ServingFabric.Cli.Rendering;

namespace ServingFabric.Cli.Tests.Rendering;

public sealed class ModelViewTests
{
    [Fact]
    public void Render_OperatorJson_PrintsSummaryReplicaTableAndEvents()
    {
        using var json = JsonDocument.Parse(SampleModel.Json);

        var text = ModelView.Render(json.RootElement);

        var expected = """
            model iris  loaded  revision 4  default version 1  replicas min 3 max 5 (running 3 per version)

            VERSION  REPLICA   SILO               ZONE         STATE    HEALTH   QUEUE  IN FLIGHT  ERROR
            1        iris/1/0  S10.0.0.1:11111:1  a            ready    healthy  2      1          -
            1        iris/1/1  S10.0.0.2:11111:1  b            ready    healthy  0      0          -
            1        iris/1/2  S10.0.0.1:11111:1  a (wants c)  loading  warming  0      0          -

            recent events
            SEQ  TIME (UTC)           KIND             REPLICA   ZONE  MESSAGE
            7    2026-03-01 11:59:56  ReplicaLost      iris/1/2  c     replica iris/1/2 was lost with silo S10.0.0.3:11111:1
            8    2026-03-01 11:59:57  ReplicaReplaced  iris/1/2  a     replica iris/1/2 is active again

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Render_NoEvents_SaysSo()
    {
        using var json = JsonDocument.Parse("""{"events": []}""");

        Assert.Equal("no events\n", EventView.Render(json.RootElement.GetProperty("events"), includeModel: true));
    }
}
