using Orleans.Placement;

namespace ServingFabric.Grains.Placement;

/// <summary>Marks a grain keyed <c>model/version/index</c> for <see cref="ZoneSpreadPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ZoneSpreadPlacementAttribute() : PlacementAttribute(new ZoneSpreadPlacement());
