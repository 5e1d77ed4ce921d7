namespace ServingFabric.Gateway.Operator;

/// <summary>The name this silo reports itself by in operator answers and audit records: the pod name, else the host name.</summary>
public static class SiloName
{
    public static string Current => Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;
}
