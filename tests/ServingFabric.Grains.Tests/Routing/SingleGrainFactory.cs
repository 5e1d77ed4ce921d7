using System.Reflection;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>A grain factory whose <c>GetGrain</c> answers one grain whatever the key, recording the keys; any other call fails.</summary>
public class SingleGrainFactory : DispatchProxy
{
    public object? Grain { get; private set; }

    public List<string> Keys { get; } = [];

    public static (IGrainFactory Factory, SingleGrainFactory Calls) Of(object grain)
    {
        var factory = Create<IGrainFactory, SingleGrainFactory>();
        var calls = (SingleGrainFactory)(object)factory;
        calls.Grain = grain;
        return (factory, calls);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true } && args is [string key, ..])
        {
            Keys.Add(key);
            return Grain;
        }

        throw new NotSupportedException($"{targetMethod?.Name} is not faked");
    }
}
