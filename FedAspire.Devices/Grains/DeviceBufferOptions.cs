namespace FedAspire.Devices.Grains;

/// <summary>Device grain settings, bound from <c>FedAspire:Devices</c>.</summary>
public sealed class DeviceBufferOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Devices";

    /// <summary>Readings kept per device; the oldest are evicted beyond this.</summary>
    public int BufferCapacity { get; set; } = 4096;
}
