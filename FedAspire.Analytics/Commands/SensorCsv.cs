using System.Globalization;

namespace FedAspire.Analytics.Commands;

/// <summary>
/// A sensor CSV read for scoring: the model's feature columns by name (absent columns, empty cells and NaN are missing, mask 0)
/// and an optional 0/1 label column. Separator ';' or ',' is detected from the header unless given.
/// </summary>
public sealed class SensorCsv
{
    private SensorCsv(float[] values, float[] mask, bool[]? labels, int rows, IReadOnlyList<string> missingColumns)
    {
        Values = values;
        Mask = mask;
        Labels = labels;
        Rows = rows;
        MissingColumns = missingColumns;
    }

    /// <summary>Raw values [Rows, F] in the model's feature order (0 where missing).</summary>
    public float[] Values { get; }

    /// <summary>Presence mask [Rows, F].</summary>
    public float[] Mask { get; }

    /// <summary>Labels per row (true = anomalous), or null without a label column.</summary>
    public bool[]? Labels { get; }

    /// <summary>Data rows read.</summary>
    public int Rows { get; }

    /// <summary>Model features the file has no column for.</summary>
    public IReadOnlyList<string> MissingColumns { get; }

    /// <summary>Reads <paramref name="path"/>; throws <see cref="UsageException"/> with file, line and column on a bad cell.</summary>
    public static SensorCsv Read(string path, IReadOnlyList<string> features, string? labelColumn, char? separator)
    {
        if (!File.Exists(path)) throw new UsageException($"Input file '{path}' does not exist.");
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new UsageException($"'{path}' is empty.");
        char sep = separator ?? (header.Contains(';', StringComparison.Ordinal) ? ';' : ',');
        var names = header.Split(sep).Select(n => n.Trim().Trim('"')).ToArray();
        var column = new int[features.Count];
        var missing = new List<string>();
        for (int f = 0; f < features.Count; f++)
        {
            column[f] = Array.IndexOf(names, features[f]);
            if (column[f] < 0) missing.Add(features[f]);
        }
        if (missing.Count == features.Count) throw new UsageException($"'{path}' has none of the model's features ({string.Join(", ", features)}); header: {header}");
        int labelIndex = -1;
        if (labelColumn is not null && (labelIndex = Array.IndexOf(names, labelColumn)) < 0)
            throw new UsageException($"Label column '{labelColumn}' is not in the header of '{path}': {header}");

        var values = new List<float>();
        var mask = new List<float>();
        var labels = labelIndex >= 0 ? new List<bool>() : null;
        int line = 1, rows = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0 || text.Trim().Length == 0) continue;
            var cells = text.Split(sep);
            for (int f = 0; f < features.Count; f++)
            {
                var cell = column[f] >= 0 && column[f] < cells.Length ? cells[column[f]].Trim().Trim('"') : "";
                if (cell.Length == 0) { values.Add(0f); mask.Add(0f); continue; }
                if (!float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    throw new UsageException($"{path}:{line}: column '{features[f]}' holds '{cell}', not a number.");
                bool present = float.IsFinite(v);
                values.Add(present ? v : 0f);
                mask.Add(present ? 1f : 0f);
            }
            if (labels is not null)
            {
                var cell = labelIndex < cells.Length ? cells[labelIndex].Trim().Trim('"') : "";
                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var l) || l is not (0 or 1))
                    throw new UsageException($"{path}:{line}: label column '{labelColumn}' holds '{cell}', expected 0 or 1.");
                labels.Add(l == 1);
            }
            rows++;
        }
        if (rows == 0) throw new UsageException($"'{path}' has a header but no data rows.");
        return new SensorCsv(values.ToArray(), mask.ToArray(), labels?.ToArray(), rows, missing);
    }
}
