using Orleans.Runtime;

namespace ServingFabric.Grains.Placement;

/// <summary>
/// Places the replicas of a model version on inference silos, spread evenly over the zones present
/// (see <see cref="ZoneSpreadPlacementDirector"/>).
/// </summary>
[Serializable, GenerateSerializer, Immutable, Alias("sf.ZoneSpreadPlacement")]
public sealed class ZoneSpreadPlacement : PlacementStrategy;
