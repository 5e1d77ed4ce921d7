using System.Collections.Immutable;
using System.Reflection;
using Orleans.Runtime;
using ServingFabric.Grains.Placement;
using ServingFabric.Grains.Supervision;
using static ServingFabric.Grains.Tests.Placement.Silos;

namespace ServingFabric.Grains.Tests.Supervision;

public sealed class ClusterViewReaderTests
{
    [Fact]
    public void Read_SilosInEveryStatus_OnlyActiveOnesWithTheirPlacementLoad()
    {
        var hints = new ReplicaPlacementHints();
        hints.Record("m/1/0", Address(1));
        var membership = MembershipOf((1, SiloStatus.Active), (2, SiloStatus.Joining), (3, SiloStatus.Dead), (4, SiloStatus.Active));
        var reader = new ClusterViewReader(membership, new SiloMetadataReader(cache: null), hints);

        var view = reader.Read();

        Assert.Equal([InferenceSilo(1, "", load: 1), InferenceSilo(4, "")], view.Candidates);
        Assert.Equal([Address(1).ToString(), Address(4).ToString()], view.LiveSilos.Keys.Order(StringComparer.Ordinal));
        Assert.False(view.ZoneAware);
    }

    private static IClusterMembershipService MembershipOf(params (int Silo, SiloStatus Status)[] silos)
    {
        var members = silos.ToImmutableDictionary(s => Address(s.Silo), s => new ClusterMember(Address(s.Silo), s.Status, $"Silo_{s.Silo}"));
        var membership = DispatchProxy.Create<IClusterMembershipService, FixedMembership>();
        ((FixedMembership)(object)membership).Snapshot = new ClusterMembershipSnapshot(members, new MembershipVersion(1));
        return membership;
    }

    /// <summary>Membership that answers one snapshot; any other call fails.</summary>
    public class FixedMembership : DispatchProxy
    {
        public ClusterMembershipSnapshot? Snapshot { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == $"get_{nameof(IClusterMembershipService.CurrentSnapshot)}" ? Snapshot : throw new NotSupportedException(targetMethod?.Name);
    }
}
