using System.Security.Cryptography;

namespace FedAspire.Core.Data.Readers;

/// <summary>
/// Reads the Kaggle pump sensor schema <c>[index,]timestamp,sensor_00..sensor_51,machine_status</c> (NORMAL/RECOVERING/BROKEN;
/// RECOVERING and BROKEN count as anomalous). Also reads the synthetic plant, which writes the same schema.
/// </summary>
public static class PumpSensorReader
{
    /// <summary>SHA-256 of Kaggle's original <c>sensor.csv</c> (124,058,460 bytes, 220,320 rows).</summary>
    public const string KaggleSha256 = "436681c673264b6eff959a41e7cd7fcb313e5c747523d951361063482ac62331";

    /// <summary>Rows of the Kaggle original.</summary>
    public const int KaggleRows = 220_320;

    /// <summary>The reader options for this schema.</summary>
    public static CsvReadOptions Options { get; } = new()
    {
        Separator = ',',
        TimestampColumn = "timestamp",
        LabelColumn = "machine_status",
        Labels = LabelScheme.PumpStatus,
    };

    /// <summary>Reads the file; a missing <c>timestamp</c> or <c>machine_status</c> column or an unknown status is a <see cref="DataFormatException"/>.</summary>
    public static SensorTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Pump sensor file '{path}' does not exist. Download sensor.csv from Kaggle (nphantawee/pump-sensor-data); see data/README.md.", path);
        return DelimitedSensorReader.ReadFile(path, Options);
    }

    /// <summary>Reads from a text reader (tests, streams).</summary>
    public static SensorTable Read(TextReader reader, string sourceName) => DelimitedSensorReader.Read(reader, sourceName, Options);

    /// <summary>Computes the file's SHA-256 (streamed) and compares it with the Kaggle original's.</summary>
    public static PumpChecksum Verify(string path)
    {
        using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new PumpChecksum(hash, string.Equals(hash, KaggleSha256, StringComparison.Ordinal));
    }
}
