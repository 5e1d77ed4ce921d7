using System.ComponentModel;
using System.Reflection;
using ServingFabric.Gateway;
using ServingFabric.Hosting;

namespace ServingFabric.Deploy.Tests;

/// <summary>
/// The configuration sections the silo binds, found by reflection (every options class with a <c>SectionName</c>
/// constant in the ServingFabric assemblies), so an environment variable in a manifest is checked against the real
/// option properties: <c>ServingFabric__Silo__Zone</c> must be a property <c>Zone</c> of the class bound to
/// <c>ServingFabric:Silo</c>, and its value must convert to that property's type.
/// </summary>
internal static class OptionSections
{
    private static readonly Lazy<Dictionary<string, Type>> Sections = new(Discover);

    public static IReadOnlyDictionary<string, Type> All => Sections.Value;

    /// <summary>Null when <paramref name="variable"/> binds to a real property and <paramref name="value"/> converts; else what is wrong.</summary>
    public static string? Check(string variable, string? value)
    {
        var key = variable.Replace("__", ":", StringComparison.Ordinal);
        var section = All.Keys.Where(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Length);
        if (section is null)
        {
            return $"{variable} is in no section the silo binds ({string.Join(", ", All.Keys.Order(StringComparer.Ordinal))})";
        }

        var type = All[section];
        PropertyInfo? property = null;
        foreach (var name in key[(section.Length + 1)..].Split(':'))
        {
            property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                return $"{variable}: {type.Name} has no settable property '{name}'";
            }

            type = property.PropertyType;
        }

        // $(VAR) is expanded by the kubelet from an earlier variable; valueFrom has no literal value.
        if (value is null || value.StartsWith("$(", StringComparison.Ordinal))
        {
            return null;
        }

        var converter = TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type);
        try
        {
            converter.ConvertFromInvariantString(value);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return $"{variable}='{value}' does not convert to {property!.PropertyType.Name}: {ex.Message}";
        }
    }

    private static Dictionary<string, Type> Discover()
    {
        Assembly[] assemblies =
        [
            typeof(ServingFabricSiloOptions).Assembly,
            typeof(GatewayOptions).Assembly,
            typeof(ServingFabric.Grains.ServingFabricStorage).Assembly,
            typeof(ServingFabric.Runtime.Hosting.ModelHost).Assembly,
        ];
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in assemblies.Distinct().SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                && field.GetRawConstantValue() is string name)
            {
                sections.Add(name, type);
            }
        }

        return sections;
    }
}
