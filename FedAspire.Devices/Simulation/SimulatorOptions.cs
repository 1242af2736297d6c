namespace FedAspire.Devices.Simulation;

/// <summary>The telemetry simulator (section <c>FedAspire:Simulator</c>; the AppHost sets Enabled, Devices, Facilities, RecordsPerSecond).</summary>
public sealed class SimulatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Simulator";

    /// <summary>Whether the silo runs the simulator as a hosted service.</summary>
    public bool Enabled { get; set; }

    /// <summary>Number of simulated devices.</summary>
    public int Devices { get; set; } = 100;

    /// <summary>Number of facilities the devices are spread over (device i belongs to facility i mod F).</summary>
    public int Facilities { get; set; } = 4;

    /// <summary>Records per second over all devices; 0 = as fast as the sink accepts.</summary>
    public double RecordsPerSecond { get; set; } = 1000;

    /// <summary>A pump CSV or a partition directory; empty = <c>data/pump-plant-sample.csv</c> found upwards from the working directory.</summary>
    public string Source { get; set; } = "";

    /// <summary>Stop after this many records; 0 = loop forever.</summary>
    public long MaxRecords { get; set; }

    /// <summary>Device ids are this prefix plus a 5-digit number.</summary>
    public string DevicePrefix { get; set; } = "pump-";

    /// <summary>Facility ids are this prefix plus a 2-digit number starting at 1 (the embedded plant's facilities are <c>facility-01</c>...).</summary>
    public string FacilityPrefix { get; set; } = "facility-";
}
