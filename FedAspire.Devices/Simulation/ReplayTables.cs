using FedAspire.Core.Data;
using FedAspire.Core.Data.Partitioning;
using FedAspire.Core.Data.Readers;

namespace FedAspire.Devices.Simulation;

/// <summary>Loads what the simulator replays: a pump CSV (one table) or a partition directory (one table per client).</summary>
public static class ReplayTables
{
    /// <summary>The committed synthetic sample, relative to the repository root.</summary>
    public const string DefaultSample = "data/pump-plant-sample.csv";

    /// <summary>The tables and a description of where they came from.</summary>
    public static (IReadOnlyList<SensorTable> Tables, string Source) Load(string? source)
    {
        var path = string.IsNullOrWhiteSpace(source) ? FindDefaultSample() : Path.GetFullPath(source);
        if (Directory.Exists(path))
        {
            var (_, clients) = PartitionFiles.Read(path);
            if (clients.Count == 0) throw new InvalidDataException($"Partition directory '{path}' holds no clients.");
            return (clients, $"partition {path} ({clients.Count} clients)");
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"Simulator source '{path}' is neither a CSV file nor a partition directory.", path);
        var table = PumpSensorReader.Read(path);
        return ([table], $"{path} ({table.RowCount:N0} rows x {table.SensorCount} sensors)");
    }

    private static string FindDefaultSample()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DefaultSample);
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException($"'{DefaultSample}' was not found above {Directory.GetCurrentDirectory()}; set FedAspire:Simulator:Source (or --source).");
    }
}
