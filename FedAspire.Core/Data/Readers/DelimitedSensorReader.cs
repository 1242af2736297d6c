namespace FedAspire.Core.Data.Readers;

/// <summary>
/// Streams a delimited text file line by line into column buffers: lines and cells are spans over one reusable buffer
/// (no string per line or cell), parsed with the invariant culture. Any malformed cell or line throws <see cref="DataFormatException"/> with file, line and column.
/// </summary>
public static class DelimitedSensorReader
{
    private enum Role { Ignore, Timestamp, Sensor, Label }

    /// <summary>Reads a file from disk.</summary>
    public static SensorTable ReadFile(string path, CsvReadOptions options)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Read(reader, path, options);
    }

    /// <summary>Reads from a text reader; <paramref name="sourceName"/> names it in errors.</summary>
    public static SensorTable Read(TextReader reader, string sourceName, CsvReadOptions options)
    {
        var lines = new LineReader(reader);
        if (!lines.TryReadLine(out var header)) throw new DataFormatException(sourceName, 1, 0, "the file is empty (no header line).");
        var headerNames = new List<string>();
        var fields = new CsvFields(header, options.Separator);
        while (fields.TryNext(out var f)) headerNames.Add(f.ToString());
        var roles = new Role[headerNames.Count];
        var sensorSlot = new int[headerNames.Count];
        var sensorNames = new List<string>();
        int timestampCol = -1, labelCol = -1;
        var ignored = new HashSet<string>(options.IgnoredColumns, StringComparer.Ordinal);
        var wanted = options.SensorColumns is null ? null : new HashSet<string>(options.SensorColumns, StringComparer.Ordinal);
        for (int i = 0; i < headerNames.Count; i++)
        {
            var name = headerNames[i];
            if (options.HasTimestamp && timestampCol < 0 && (options.TimestampColumn is null ? i == 0 : name == options.TimestampColumn))
            {
                roles[i] = Role.Timestamp;
                timestampCol = i;
            }
            else if (options.LabelColumn is not null && name == options.LabelColumn) { roles[i] = Role.Label; labelCol = i; }
            else if (ignored.Contains(name)) roles[i] = Role.Ignore;
            else if (options.IgnoreUnnamedColumns && (name.Length == 0 || name.StartsWith("Unnamed: ", StringComparison.Ordinal))) roles[i] = Role.Ignore;
            else if (wanted is not null && !wanted.Contains(name)) roles[i] = Role.Ignore;
            else
            {
                if (sensorNames.Contains(name)) throw new DataFormatException(sourceName, 1, i + 1, $"column name '{name}' appears twice.");
                roles[i] = Role.Sensor;
                sensorSlot[i] = sensorNames.Count;
                sensorNames.Add(name);
            }
        }
        if (options.HasTimestamp && timestampCol < 0)
            throw new DataFormatException(sourceName, 1, 0, $"no timestamp column '{options.TimestampColumn}' in the header ({Describe(headerNames)}).");
        if (options.LabelColumn is not null && labelCol < 0 && !options.LabelColumnOptional)
            throw new DataFormatException(sourceName, 1, 0, $"no label column '{options.LabelColumn}' in the header ({Describe(headerNames)}).");
        if (wanted is not null)
            foreach (var w in wanted)
                if (!sensorNames.Contains(w)) throw new DataFormatException(sourceName, 1, 0, $"sensor column '{w}' is missing from the header.");
        if (sensorNames.Count == 0) throw new DataFormatException(sourceName, 1, 0, "the header names no sensor columns.");

        bool labelled = labelCol >= 0;
        var builder = new SensorTableBuilder(sensorNames, labelled, 4096);
        int source = builder.AddSource(sourceName);
        var labelNames = new List<string>();
        var labelCodes = new Dictionary<string, int>(StringComparer.Ordinal);
        var labelLookup = labelCodes.GetAlternateLookup<ReadOnlySpan<char>>();
        var row = new float[sensorNames.Count];
        long lineNo = 1;
        while (lines.TryReadLine(out var line))
        {
            lineNo++;
            if (line.Length == 0) continue;
            var cells = new CsvFields(line, options.Separator);
            long ts = options.HasTimestamp ? 0 : options.SyntheticStart.Ticks + builder.Count * options.SyntheticStep.Ticks;
            int label = 0;
            int col = 0;
            while (cells.TryNext(out var cell))
            {
                if (col >= roles.Length)
                    throw new DataFormatException(sourceName, lineNo, col + 1, $"the line has more fields than the header's {roles.Length}.");
                switch (roles[col])
                {
                    case Role.Sensor:
                        if (!CellParser.TryParseValue(cell, out row[sensorSlot[col]]))
                            throw new DataFormatException(sourceName, lineNo, col + 1, $"'{cell}' in column '{headerNames[col]}' is not a number.");
                        break;
                    case Role.Timestamp:
                        if (!CellParser.TryParseTimestamp(cell, out ts))
                            throw new DataFormatException(sourceName, lineNo, col + 1, $"'{cell}' is not a timestamp.");
                        break;
                    case Role.Label:
                        label = ParseLabel(cell, options, labelNames, labelCodes, labelLookup, sourceName, lineNo, col + 1);
                        break;
                }
                col++;
            }
            if (col != roles.Length)
                throw new DataFormatException(sourceName, lineNo, col, $"the line has {col} fields, the header has {roles.Length}.");
            builder.Append(ts, row, label, source);
        }

        LabelScheme? scheme = null;
        if (labelled)
        {
            scheme = options.NumericBinaryLabel ? LabelScheme.Binary(options.LabelColumn!)
                : options.Labels ?? new LabelScheme(options.LabelColumn!, labelNames, labelNames.Select(n => options.AnomalousLabels.Contains(n)).ToArray());
        }
        return builder.Build(scheme);
    }

    private static int ParseLabel(ReadOnlySpan<char> cell, CsvReadOptions options, List<string> names, Dictionary<string, int> codes,
        Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, string source, long line, int column)
    {
        if (options.NumericBinaryLabel)
        {
            if (!CellParser.TryParseValue(cell, out var v) || float.IsNaN(v))
                throw new DataFormatException(source, line, column, $"label '{cell}' is not 0 or 1.");
            return v == 0f ? 0 : 1;
        }
        if (options.Labels is { } fixedScheme)
        {
            for (int i = 0; i < fixedScheme.Names.Count; i++)
                if (cell.SequenceEqual(fixedScheme.Names[i])) return i;
            throw new DataFormatException(source, line, column, $"label '{cell}' is not one of {string.Join("/", fixedScheme.Names)}.");
        }
        if (cell.IsEmpty) throw new DataFormatException(source, line, column, "the label is empty.");
        if (lookup.TryGetValue(cell, out int code)) return code;
        var text = cell.ToString();
        codes[text] = names.Count;
        names.Add(text);
        return names.Count - 1;
    }

    private static string Describe(List<string> header) =>
        header.Count <= 8 ? string.Join(", ", header.Select(h => $"'{h}'")) : string.Join(", ", header.Take(8).Select(h => $"'{h}'")) + $", ... {header.Count} columns";
}
