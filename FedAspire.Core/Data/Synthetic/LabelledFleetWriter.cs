using System.Globalization;
using System.Text;

namespace FedAspire.Core.Data.Synthetic;

/// <summary>
/// Writes a <see cref="LabelledFleet"/> as <c>&lt;out&gt;/&lt;facility&gt;/&lt;device&gt;.csv</c> (header <c>timestamp,&lt;sensors&gt;,label</c>,
/// ISO-8601 UTC timestamps, invariant numbers, empty cell = missing, LF line ends) plus <c>&lt;out&gt;/README.md</c>.
/// </summary>
public static class LabelledFleetWriter
{
    /// <summary>First line of every README this writer makes; it is what lets an overwrite recognise its own output.</summary>
    public const string ReadmeMarker = "# FedAspire labelled fleet";

    /// <summary>Timestamp format of the CSVs.</summary>
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ";

    /// <summary>
    /// Writes the fleet into <paramref name="outDir"/>. An existing non-empty folder is refused unless <paramref name="overwrite"/>
    /// is set and it holds an earlier output of this writer, whose CSVs and README are then removed first (a smaller fleet
    /// must not leave stale devices behind).
    /// </summary>
    public static void Write(LabelledFleet fleet, string outDir, int significantDigits = 6, bool overwrite = false)
    {
        if (significantDigits is < 0 or > 9) throw new ArgumentOutOfRangeException(nameof(significantDigits), $"Significant digits must be 0..9, got {significantDigits}.");
        PrepareFolder(outDir, overwrite);
        string format = significantDigits == 0 ? "R" : "G" + significantDigits.ToString(CultureInfo.InvariantCulture);
        foreach (var device in fleet.Devices)
        {
            var dir = Path.Combine(outDir, device.Facility);
            Directory.CreateDirectory(dir);
            using var writer = new StreamWriter(Path.Combine(dir, device.Device + ".csv"), false, new UTF8Encoding(false), 1 << 16);
            WriteDevice(device, writer, format);
        }
        File.WriteAllText(Path.Combine(outDir, "README.md"), Readme(fleet), new UTF8Encoding(false));
    }

    /// <summary>Writes one device's CSV text.</summary>
    public static void WriteDevice(FleetDevice device, TextWriter writer, string numberFormat = "G6")
    {
        writer.Write("timestamp");
        foreach (var name in device.SensorNames) writer.Write("," + name);
        writer.Write(",label\n");
        Span<char> cell = stackalloc char[48];
        for (int r = 0; r < device.RowCount; r++)
        {
            writer.Write(new DateTime(device.Timestamps[r], DateTimeKind.Utc).ToString(TimestampFormat, CultureInfo.InvariantCulture));
            foreach (var column in device.Columns)
            {
                writer.Write(',');
                float v = column[r];
                if (float.IsNaN(v)) continue;
                if (!v.TryFormat(cell, out int n, numberFormat, CultureInfo.InvariantCulture)) throw new InvalidOperationException($"Cannot format {v}.");
                writer.Write(cell[..n]);
            }
            writer.Write(device.Labels[r] != 0 ? ",1\n" : ",0\n");
        }
    }

    /// <summary>The README.md text: variant, seed, description, and per device its rows, anomalous share and faults with time ranges.</summary>
    public static string Readme(LabelledFleet fleet)
    {
        var s = new StringBuilder();
        string Time(FleetDevice d, int row) => new DateTime(d.Timestamps[row], DateTimeKind.Utc).ToString(TimestampFormat, CultureInfo.InvariantCulture);
        s.Append(ReadmeMarker).Append(": ").Append(fleet.Variant).Append("\n\n");
        s.Append("- Variant: `").Append(fleet.Variant).Append("`\n");
        s.Append("- Seed: ").Append(fleet.Seed?.ToString(CultureInfo.InvariantCulture) ?? "none (converted data)").Append('\n');
        s.Append(CultureInfo.InvariantCulture, $"- Facilities: {fleet.Facilities.Count}, devices: {fleet.Devices.Count}, rows: {fleet.RowCount:N0}, anomalous rows: {fleet.AnomalousRowCount:N0} ({100 * fleet.AnomalousShare:F2} %)\n");
        s.Append("- Layout `file-per-device`: `<facility>/<device>.csv`, header `timestamp,<sensors>,label`, timestamps `")
         .Append(TimestampFormat).Append("` (UTC), invariant-culture numbers, empty cell = missing reading, label 1 = anomalous.\n\n");
        s.Append(fleet.Description.TrimEnd()).Append("\n\n");
        foreach (var facility in fleet.Facilities)
        {
            s.Append("## ").Append(facility).Append("\n\n");
            foreach (var d in fleet.Devices.Where(d => d.Facility == facility))
            {
                s.Append(CultureInfo.InvariantCulture, $"### {d.Device}\n\n{d.RowCount:N0} rows, {Time(d, 0)} .. {Time(d, d.RowCount - 1)}, sensors `{string.Join(",", d.SensorNames)}`, ");
                s.Append(CultureInfo.InvariantCulture, $"{d.AnomalousRowCount:N0} anomalous rows ({100.0 * d.AnomalousRowCount / Math.Max(1, d.RowCount):F2} %).");
                if (d.Note is not null) s.Append(' ').Append(d.Note);
                s.Append("\n\n");
                if (d.Faults.Count == 0) { s.Append("No faults.\n\n"); continue; }
                s.Append("| fault | from | to (inclusive) | rows | detail |\n|---|---|---|---|---|\n");
                foreach (var f in d.Faults)
                    s.Append(CultureInfo.InvariantCulture, $"| {f.Kind} | {Time(d, f.StartRow)} | {Time(d, f.EndRow)} | {f.EndRow - f.StartRow + 1:N0} | {f.Detail} |\n");
                s.Append('\n');
            }
        }
        return s.ToString();
    }

    private static void PrepareFolder(string outDir, bool overwrite)
    {
        if (File.Exists(outDir)) throw new IOException($"'{outDir}' is a file, not a folder.");
        if (!Directory.Exists(outDir) || !Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            Directory.CreateDirectory(outDir);
            return;
        }
        var readme = Path.Combine(outDir, "README.md");
        bool ours = File.Exists(readme) && File.ReadLines(readme).FirstOrDefault()?.StartsWith(ReadmeMarker, StringComparison.Ordinal) == true;
        if (!overwrite || !ours)
            throw new IOException(ours
                ? $"'{outDir}' already holds a generated fleet; pass overwrite to replace it."
                : $"'{outDir}' is not empty and holds no generated fleet; choose an empty or new folder.");
        foreach (var sub in Directory.GetDirectories(outDir))
        {
            foreach (var csv in Directory.GetFiles(sub, "*.csv")) File.Delete(csv);
            if (!Directory.EnumerateFileSystemEntries(sub).Any()) Directory.Delete(sub);
        }
        File.Delete(readme);
    }

    /// <summary>Label array from fault episodes.</summary>
    public static byte[] LabelsFrom(int rows, IEnumerable<FaultEpisode> faults)
    {
        var labels = new byte[rows];
        foreach (var f in faults) labels.AsSpan(f.StartRow, f.EndRow - f.StartRow + 1).Fill(1);
        return labels;
    }
}
