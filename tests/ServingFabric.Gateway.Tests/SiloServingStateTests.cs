using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Health;
using ServingFabric.Hosting;

namespace ServingFabric.Gateway.Tests;

/// <summary>The silo's serving state: what start-up and shutdown write is what the gateway's readiness reads.</summary>
public sealed class SiloServingStateTests
{
    [Fact]
    public void New_NotStartedAndNotDraining()
    {
        ISiloReadiness readiness = new SiloServingState();

        Assert.False(readiness.IsStartupComplete);
        Assert.False(readiness.IsDraining);
    }

    [Fact]
    public void MarkStartupComplete_ThenBeginDrain_ReadinessSeesEach()
    {
        var state = new SiloServingState();
        ISiloReadiness readiness = state;

        state.MarkStartupComplete();
        Assert.True(readiness.IsStartupComplete);
        Assert.False(readiness.IsDraining);

        state.BeginDrain();
        Assert.True(readiness.IsStartupComplete);
        Assert.True(readiness.IsDraining);
    }

    [Fact]
    public async Task AddServingFabricSilo_Readiness_IsTheStateStartupAndShutdownWrite()
    {
        await using var app = SiloHosts.Build(new Dictionary<string, string?>());

        var state = app.Services.GetRequiredService<SiloServingState>();

        Assert.Same(state, app.Services.GetRequiredService<ISiloReadiness>());
    }
}
