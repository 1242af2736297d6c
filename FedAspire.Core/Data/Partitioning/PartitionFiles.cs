using System.Text.Json;
using FedAspire.Core.Data.Readers;
using FedAspire.Core.Data.Writers;

namespace FedAspire.Core.Data.Partitioning;

/// <summary>Writes a partition as one CSV per client plus <c>client_metadata.json</c>, and reads it back.</summary>
public static class PartitionFiles
{
    /// <summary>File name of the metadata.</summary>
    public const string MetadataFileName = "client_metadata.json";

    /// <summary>JSON settings: camelCase, indented (deterministic output).</summary>
    public static JsonSerializerOptions Json { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    /// <summary>Writes every client CSV and the metadata into <paramref name="directory"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(PartitionResult partition, string directory, int significantDigits = 0, IProgress<string>? progress = null)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var client in partition.Clients)
        {
            var path = Path.Combine(directory, client.Name + ".csv");
            progress?.Report($"writing {path} ({client.Table.RowCount:N0} rows x {client.Table.SensorCount} sensors)");
            SensorTableCsvWriter.WriteFile(client.Table, path, significantDigits);
            written.Add(path);
        }
        var meta = Path.Combine(directory, MetadataFileName);
        File.WriteAllText(meta, JsonSerializer.Serialize(partition.Metadata, Json) + "\n");
        written.Add(meta);
        return written;
    }

    /// <summary>Reads the metadata and every client CSV of a partition folder.</summary>
    public static (PartitionMetadata Metadata, IReadOnlyList<SensorTable> Clients) Read(string directory, IProgress<string>? progress = null)
    {
        var metaPath = Path.Combine(directory, MetadataFileName);
        if (!File.Exists(metaPath)) throw new FileNotFoundException($"'{directory}' is not a partition folder: {MetadataFileName} is missing.", metaPath);
        PartitionMetadata metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<PartitionMetadata>(File.ReadAllText(metaPath), Json)
                ?? throw new DataFormatException(metaPath, 1, 0, "the metadata is empty.");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(metaPath, (e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, e.Message);
        }
        var scheme = metadata.LabelNames.Count > 0 ? new LabelScheme(metadata.LabelColumn, metadata.LabelNames, metadata.AnomalousLabels) : null;
        // A client may hold no rows (tiny shares); its file is then header-only and still valid.
        var options = new CsvReadOptions { LabelColumn = scheme?.ColumnName, Labels = scheme, RequireRows = false };
        var tables = new List<SensorTable>();
        foreach (var client in metadata.Clients)
        {
            var path = Path.Combine(directory, client.File);
            progress?.Report($"reading {path}");
            var table = DelimitedSensorReader.ReadFile(path, options);
            if (table.RowCount != client.Samples)
                throw new DataFormatException(path, 0, 0, $"holds {table.RowCount} rows but the metadata says {client.Samples}.");
            tables.Add(table);
        }
        return (metadata, tables);
    }
}
