namespace ServingFabric.Grains.Routing;

/// <summary>
/// Grain storage refused the router's write (unreachable, timing out). Stays inside the router: an operator's change
/// turns it into a 503 after putting the state back as it was; a supervisor round logs it and writes again next round.
/// </summary>
internal sealed class RouterStateNotStoredException : Exception
{
    public RouterStateNotStoredException()
    {
    }

    public RouterStateNotStoredException(string message)
        : base(message)
    {
    }

    public RouterStateNotStoredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
