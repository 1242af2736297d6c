using System.Globalization;
using System.Text;
using FedAspire.Core.Data.Readers;

namespace FedAspire.Core.Data.Writers;

/// <summary>
/// Writes a <see cref="SensorTable"/> as <c>timestamp,&lt;sensors&gt;[,&lt;label column&gt;]</c> with LF line ends, the invariant
/// culture and empty cells for missing values; the output reads back with <see cref="DelimitedSensorReader"/>.
/// </summary>
public static class SensorTableCsvWriter
{
    /// <summary>Writes to a file (UTF-8 without BOM). <paramref name="significantDigits"/> 0 = shortest round-trip form.</summary>
    public static void WriteFile(SensorTable table, string path, int significantDigits = 0, IProgress<double>? progress = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        Write(table, writer, significantDigits, progress);
    }

    /// <summary>Writes to a text writer.</summary>
    public static void Write(SensorTable table, TextWriter writer, int significantDigits = 0, IProgress<double>? progress = null)
    {
        if (significantDigits is < 0 or > 9) throw new ArgumentOutOfRangeException(nameof(significantDigits), $"Significant digits must be 0..9, got {significantDigits}.");
        string format = significantDigits == 0 ? "R" : "G" + significantDigits.ToString(CultureInfo.InvariantCulture);
        var header = new StringBuilder("timestamp");
        foreach (var name in table.SensorNames)
        {
            if (name.Contains(',', StringComparison.Ordinal)) header.Append(",\"").Append(name).Append('"');
            else header.Append(',').Append(name);
        }
        if (table.LabelScheme is { } scheme) header.Append(',').Append(scheme.ColumnName);
        writer.Write(header.Append('\n'));
        Span<char> cell = stackalloc char[48];
        var columns = Enumerable.Range(0, table.SensorCount).Select(table.Column).ToArray();
        int step = Math.Max(1, table.RowCount / 20);
        for (int r = 0; r < table.RowCount; r++)
        {
            writer.Write(CellParser.FormatTimestamp(table.Timestamps[r]));
            foreach (var column in columns)
            {
                writer.Write(',');
                float v = column[r];
                if (float.IsNaN(v)) continue;
                if (!v.TryFormat(cell, out int n, format, CultureInfo.InvariantCulture)) throw new InvalidOperationException($"Cannot format {v}.");
                writer.Write(cell[..n]);
            }
            if (table.Labels is not null)
            {
                writer.Write(',');
                writer.Write(table.LabelScheme!.Names[table.Labels[r]]);
            }
            writer.Write('\n');
            if (progress is not null && r % step == 0) progress.Report((double)r / table.RowCount);
        }
        progress?.Report(1);
    }
}
