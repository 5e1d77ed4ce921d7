using System.Runtime.InteropServices;
using System.Text;

namespace ServingFabric.Gpu.Nvml;

/// <summary>
/// The functions of <c>libnvidia-ml.so.1</c> this project calls, resolved once into unmanaged function pointers.
/// </summary>
/// <remarks>
/// Function pointers rather than <c>[DllImport]</c>: the library name is chosen at run time (tests point it at a
/// missing file or at the C library), a machine without the driver must not throw on first call, and nothing here
/// needs marshalling stubs, so the binding stays trim- and AOT-safe. Every method returns the raw
/// <c>nvmlReturn_t</c>; <see cref="NvmlReturn.Classify"/> decides what it means.
/// </remarks>
internal sealed unsafe class NvmlLibrary : IDisposable
{
    // nvml.h: NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE, NVML_DEVICE_NAME_V2_BUFFER_SIZE, NVML_DEVICE_UUID_V2_BUFFER_SIZE.
    private const int DriverVersionBufferSize = 80;
    private const int NameBufferSize = 96;
    private const int UuidBufferSize = 96;

    /// <summary>Functions without which there is no inventory; the first one missing names the problem.</summary>
    internal static readonly string[] RequiredFunctions =
    [
        "nvmlInit_v2", "nvmlShutdown", "nvmlErrorString", "nvmlSystemGetDriverVersion", "nvmlDeviceGetCount_v2",
        "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetName", "nvmlDeviceGetUUID", "nvmlDeviceGetMemoryInfo",
        "nvmlDeviceGetUtilizationRates", "nvmlDeviceGetTemperature", "nvmlDeviceGetPowerUsage", "nvmlDeviceGetTotalEccErrors",
    ];

    /// <summary>XID events: present in every driver since R525's v2 wait, but an inventory works without them.</summary>
    internal static readonly string[] EventFunctions = ["nvmlEventSetCreate", "nvmlDeviceRegisterEvents", "nvmlEventSetWait_v2", "nvmlEventSetFree"];

    private readonly nint _library;
    private readonly delegate* unmanaged<int> _init;
    private readonly delegate* unmanaged<int> _shutdown;
    private readonly delegate* unmanaged<int, byte*> _errorString;
    private readonly delegate* unmanaged<byte*, uint, int> _driverVersion;
    private readonly delegate* unmanaged<uint*, int> _count;
    private readonly delegate* unmanaged<uint, nint*, int> _handleByIndex;
    private readonly delegate* unmanaged<nint, byte*, uint, int> _name;
    private readonly delegate* unmanaged<nint, byte*, uint, int> _uuid;
    private readonly delegate* unmanaged<nint, NvmlMemory*, int> _memory;
    private readonly delegate* unmanaged<nint, NvmlUtilization*, int> _utilization;
    private readonly delegate* unmanaged<nint, int, uint*, int> _temperature;
    private readonly delegate* unmanaged<nint, uint*, int> _power;
    private readonly delegate* unmanaged<nint, int, int, ulong*, int> _eccTotal;
    private readonly delegate* unmanaged<nint*, int> _eventSetCreate;
    private readonly delegate* unmanaged<nint, ulong, nint, int> _registerEvents;
    private readonly delegate* unmanaged<nint, NvmlEventData*, uint, int> _eventSetWait;
    private readonly delegate* unmanaged<nint, int> _eventSetFree;

    private NvmlLibrary(nint library, Dictionary<string, nint> exports)
    {
        _library = library;
        _init = (delegate* unmanaged<int>)exports["nvmlInit_v2"];
        _shutdown = (delegate* unmanaged<int>)exports["nvmlShutdown"];
        _errorString = (delegate* unmanaged<int, byte*>)exports["nvmlErrorString"];
        _driverVersion = (delegate* unmanaged<byte*, uint, int>)exports["nvmlSystemGetDriverVersion"];
        _count = (delegate* unmanaged<uint*, int>)exports["nvmlDeviceGetCount_v2"];
        _handleByIndex = (delegate* unmanaged<uint, nint*, int>)exports["nvmlDeviceGetHandleByIndex_v2"];
        _name = (delegate* unmanaged<nint, byte*, uint, int>)exports["nvmlDeviceGetName"];
        _uuid = (delegate* unmanaged<nint, byte*, uint, int>)exports["nvmlDeviceGetUUID"];
        _memory = (delegate* unmanaged<nint, NvmlMemory*, int>)exports["nvmlDeviceGetMemoryInfo"];
        _utilization = (delegate* unmanaged<nint, NvmlUtilization*, int>)exports["nvmlDeviceGetUtilizationRates"];
        _temperature = (delegate* unmanaged<nint, int, uint*, int>)exports["nvmlDeviceGetTemperature"];
        _power = (delegate* unmanaged<nint, uint*, int>)exports["nvmlDeviceGetPowerUsage"];
        _eccTotal = (delegate* unmanaged<nint, int, int, ulong*, int>)exports["nvmlDeviceGetTotalEccErrors"];
        SupportsEvents = EventFunctions.All(exports.ContainsKey);
        if (SupportsEvents)
        {
            _eventSetCreate = (delegate* unmanaged<nint*, int>)exports["nvmlEventSetCreate"];
            _registerEvents = (delegate* unmanaged<nint, ulong, nint, int>)exports["nvmlDeviceRegisterEvents"];
            _eventSetWait = (delegate* unmanaged<nint, NvmlEventData*, uint, int>)exports["nvmlEventSetWait_v2"];
            _eventSetFree = (delegate* unmanaged<nint, int>)exports["nvmlEventSetFree"];
        }
    }

    /// <summary><c>nvmlEventTypeXidCriticalError</c>.</summary>
    public const ulong XidCriticalErrorEvent = 0x8;

    /// <summary>True when the XID event functions were found.</summary>
    public bool SupportsEvents { get; }

    /// <summary>Loads <paramref name="library"/> and resolves its functions; null with the reason when it is absent or not NVML.</summary>
    public static NvmlLibrary? TryLoad(string library, out string? problem)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            problem = $"no GPUs: {library} not found (no NVIDIA driver on this machine)";
            return null;
        }

        var exports = new Dictionary<string, nint>(StringComparer.Ordinal);
        foreach (var function in RequiredFunctions.Concat(EventFunctions))
        {
            if (NativeLibrary.TryGetExport(handle, function, out var address))
            {
                exports[function] = address;
            }
        }

        if (RequiredFunctions.FirstOrDefault(f => !exports.ContainsKey(f)) is { } missing)
        {
            NativeLibrary.Free(handle);
            problem = $"no GPUs: {library} loaded but is not NVML (it has no {missing}); point at the NVIDIA driver's libnvidia-ml.so.1";
            return null;
        }

        problem = null;
        return new NvmlLibrary(handle, exports);
    }

    public int Init() => _init();

    public string ErrorString(int code)
    {
        var text = _errorString(code);
        return text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
    }

    public int DriverVersion(out string version)
    {
        var buffer = stackalloc byte[DriverVersionBufferSize];
        var code = _driverVersion(buffer, DriverVersionBufferSize);
        version = code == NvmlReturn.Success ? Text(buffer, DriverVersionBufferSize) : string.Empty;
        return code;
    }

    public int DeviceCount(out uint count)
    {
        uint value = 0;
        var code = _count(&value);
        count = value;
        return code;
    }

    public int DeviceHandle(uint index, out nint device)
    {
        nint value = 0;
        var code = _handleByIndex(index, &value);
        device = value;
        return code;
    }

    public int Name(nint device, out string name)
    {
        var buffer = stackalloc byte[NameBufferSize];
        var code = _name(device, buffer, NameBufferSize);
        name = code == NvmlReturn.Success ? Text(buffer, NameBufferSize) : string.Empty;
        return code;
    }

    public int Uuid(nint device, out string uuid)
    {
        var buffer = stackalloc byte[UuidBufferSize];
        var code = _uuid(device, buffer, UuidBufferSize);
        uuid = code == NvmlReturn.Success ? Text(buffer, UuidBufferSize) : string.Empty;
        return code;
    }

    public int Memory(nint device, out NvmlMemory memory)
    {
        NvmlMemory value = default;
        var code = _memory(device, &value);
        memory = value;
        return code;
    }

    public int Utilization(nint device, out NvmlUtilization utilization)
    {
        NvmlUtilization value = default;
        var code = _utilization(device, &value);
        utilization = value;
        return code;
    }

    /// <summary>The core (NVML_TEMPERATURE_GPU = 0) temperature in °C.</summary>
    public int Temperature(nint device, out uint celsius)
    {
        uint value = 0;
        var code = _temperature(device, 0, &value);
        celsius = value;
        return code;
    }

    public int PowerMilliwatts(nint device, out uint milliwatts)
    {
        uint value = 0;
        var code = _power(device, &value);
        milliwatts = value;
        return code;
    }

    /// <summary>Volatile (since the driver loaded, NVML_VOLATILE_ECC = 0) ECC errors, corrected (0) or uncorrected (1).</summary>
    public int EccErrors(nint device, bool uncorrected, out ulong count)
    {
        ulong value = 0;
        var code = _eccTotal(device, uncorrected ? 1 : 0, 0, &value);
        count = value;
        return code;
    }

    public int EventSetCreate(out nint set)
    {
        nint value = 0;
        var code = SupportsEvents ? _eventSetCreate(&value) : NvmlReturn.NotSupported;
        set = value;
        return code;
    }

    public int RegisterXidEvents(nint device, nint set) => _registerEvents(device, XidCriticalErrorEvent, set);

    public int EventSetWait(nint set, uint timeoutMilliseconds, out NvmlEventData data)
    {
        NvmlEventData value = default;
        var code = _eventSetWait(set, &value, timeoutMilliseconds);
        data = value;
        return code;
    }

    public int EventSetFree(nint set) => _eventSetFree(set);

    public int Shutdown() => _shutdown();

    /// <summary>Unloads the library; call <see cref="Shutdown"/> first when <see cref="Init"/> succeeded.</summary>
    public void Dispose() => NativeLibrary.Free(_library);

    private static string Text(byte* buffer, int size)
    {
        var span = new ReadOnlySpan<byte>(buffer, size);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
