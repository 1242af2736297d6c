namespace FedAspire.Devices.Grains;

/// <summary>A facility's persisted state: the devices that joined it.</summary>
[GenerateSerializer]
public sealed class FacilityState
{
    /// <summary>Registered device ids, sorted.</summary>
    [Id(0)] public List<string> Devices { get; set; } = [];
}
