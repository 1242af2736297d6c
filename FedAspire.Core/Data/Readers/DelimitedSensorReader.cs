namespace FedAspire.Core.Data.Readers;

/// <summary>
/// Streams a delimited text file line by line into column buffers: lines and cells are spans over one reusable buffer
/// (no string per line or cell), parsed with the invariant culture. Any malformed cell or line throws <see cref="DataFormatException"/> with file, line and column.
/// </summary>
public static class DelimitedSensorReader
{
    private enum Role { Ignore, Timestamp, Sensor, Label, Group }

    /// <summary>Reads a file from disk.</summary>
    public static SensorTable ReadFile(string path, CsvReadOptions options) => ReadFile(path, options, null);

    /// <summary>Reads a file from disk; <paramref name="lineNumbers"/>, when given, receives the 1-based line of every row read.</summary>
    public static SensorTable ReadFile(string path, CsvReadOptions options, List<long>? lineNumbers)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Read(reader, path, options, lineNumbers);
    }

    /// <summary>Reads from a text reader; <paramref name="sourceName"/> names it in errors.</summary>
    public static SensorTable Read(TextReader reader, string sourceName, CsvReadOptions options) => Read(reader, sourceName, options, null);

    /// <summary>
    /// Reads from a text reader; <paramref name="sourceName"/> names it in errors, and <paramref name="lineNumbers"/>, when given,
    /// receives the 1-based line of every row read (later checks, such as duplicate timestamps, can then name the line).
    /// </summary>
    public static SensorTable Read(TextReader reader, string sourceName, CsvReadOptions options, List<long>? lineNumbers)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GroupColumns.Count > 2) throw new ArgumentException("At most two group columns (facility and device).", nameof(options));
        var lines = new LineReader(reader);
        if (!lines.TryReadLine(out var header)) throw new DataFormatException(sourceName, 1, 0, "the file is empty (no header line).");
        var headerNames = new List<string>();
        var fields = new CsvFields(header, options.Separator);
        while (fields.TryNext(out var f)) headerNames.Add(f.ToString());
        var roles = new Role[headerNames.Count];
        var sensorSlot = new int[headerNames.Count];
        var sensorNames = new List<string>();
        int timestampCol = -1, labelCol = -1;
        var groupCols = new int[options.GroupColumns.Count];
        Array.Fill(groupCols, -1);
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
            else if (IndexOf(options.GroupColumns, name) is var g && g >= 0 && groupCols[g] < 0) { roles[i] = Role.Group; groupCols[g] = i; }
            else if (ignored.Contains(name)) roles[i] = Role.Ignore;
            else if (options.IgnoreUnnamedColumns && (name.Length == 0 || name.StartsWith("Unnamed: ", StringComparison.Ordinal))) roles[i] = Role.Ignore;
            else if (wanted is not null && !wanted.Contains(name)) roles[i] = Role.Ignore;
            else
            {
                if (options.LabelColumn is null && options.RejectLabelLikeColumns && IsLabelLike(name))
                    throw new DataFormatException(sourceName, 1, i + 1, $"column '{name}' looks like a label: name it as the label column (with its anomalous values), " +
                        "or list the sensors without it; it is never read as a sensor silently.");
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
        for (int g = 0; g < groupCols.Length; g++)
            if (groupCols[g] < 0) throw new DataFormatException(sourceName, 1, 0, $"no column '{options.GroupColumns[g]}' in the header ({Describe(headerNames)}).");
        if (wanted is not null)
            foreach (var w in wanted)
                if (!sensorNames.Contains(w)) throw new DataFormatException(sourceName, 1, 0, $"sensor column '{w}' is missing from the header.");
        if (sensorNames.Count == 0) throw new DataFormatException(sourceName, 1, 0, "the header names no sensor columns.");

        bool labelled = labelCol >= 0;
        var builder = new SensorTableBuilder(sensorNames, labelled, 4096);
        int source = builder.AddSource(sourceName);
        var labelNames = new List<string>();
        var labelFirstLines = new List<long>();
        var groupCodes = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupLookup = groupCodes.GetAlternateLookup<ReadOnlySpan<char>>();
        var groupKey = new char[256];
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
            ReadOnlySpan<char> group0 = default, group1 = default;
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
                        label = ParseLabel(cell, options, labelNames, labelFirstLines, labelCodes, labelLookup, sourceName, lineNo, col + 1);
                        break;
                    case Role.Group:
                        if (cell.IsEmpty) throw new DataFormatException(sourceName, lineNo, col + 1, $"column '{headerNames[col]}' is empty.");
                        if (col == groupCols[0]) group0 = cell;
                        else group1 = cell;
                        break;
                }
                col++;
            }
            if (col != roles.Length)
                throw new DataFormatException(sourceName, lineNo, col, $"the line has {col} fields, the header has {roles.Length}.");
            int rowSource = source;
            if (groupCols.Length > 0)
            {
                var key = group0;
                if (groupCols.Length == 2)
                {
                    int length = group0.Length + 1 + group1.Length;
                    if (groupKey.Length < length) groupKey = new char[length * 2];
                    group0.CopyTo(groupKey);
                    groupKey[group0.Length] = CsvReadOptions.GroupSeparator;
                    group1.CopyTo(groupKey.AsSpan(group0.Length + 1));
                    key = groupKey.AsSpan(0, length);
                }
                if (!groupLookup.TryGetValue(key, out rowSource))
                {
                    rowSource = builder.AddSource(key.ToString());
                    groupCodes[key.ToString()] = rowSource;
                }
            }
            builder.Append(ts, row, label, rowSource);
            lineNumbers?.Add(lineNo);
        }
        if (builder.Count == 0 && options.RequireRows) throw new DataFormatException(sourceName, 2, 0, "the file has a header but no data rows.");

        LabelScheme? scheme = null;
        if (labelled)
        {
            scheme = options.NumericBinaryLabel ? LabelScheme.Binary(options.LabelColumn!)
                : options.Labels ?? new LabelScheme(options.LabelColumn!, labelNames, ResolveLabels(labelNames, labelFirstLines, options, sourceName, labelCol + 1));
        }
        return builder.Build(scheme);
    }

    private static int ParseLabel(ReadOnlySpan<char> cell, CsvReadOptions options, List<string> names, List<long> firstLines, Dictionary<string, int> codes,
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
        firstLines.Add(line);
        return names.Count - 1;
    }

    /// <summary>
    /// Anomalous flag per dynamic label: each must be in the anomalous or the normal set (a numeric 0 or 1 is normal when not
    /// anomalous and no normal set is given); anything else is an error at its first line that lists every value found.
    /// </summary>
    private static bool[] ResolveLabels(List<string> names, List<long> firstLines, CsvReadOptions options, string source, int column)
    {
        var found = string.Join(", ", names.Take(20).Select(n => $"'{n}'")) + (names.Count > 20 ? $", ... {names.Count} values" : "");
        if (options.AnomalousLabels.Count == 0)
            throw new DataFormatException(source, 1, column, $"label column '{options.LabelColumn}' is named but no anomalous label values are " +
                $"(anomalousLabels / --anomalous-labels); every row would count as normal. Values found: {found}.");
        var anomalous = new bool[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            if (Matches(names[i], options.AnomalousLabels)) anomalous[i] = true;
            else if (options.NormalLabels is { } normal ? Matches(names[i], normal) : IsZeroOrOne(names[i])) anomalous[i] = false;
            else
                throw new DataFormatException(source, firstLines[i], column, options.NormalLabels is { } n
                    ? $"label '{names[i]}' is neither anomalous ({string.Join(", ", options.AnomalousLabels)}) nor normal ({string.Join(", ", n)}). Values found: {found}."
                    : $"label '{names[i]}' is not anomalous ({string.Join(", ", options.AnomalousLabels)}); without normal labels (normalLabels / --normal-labels) " +
                      $"only a 0/1 column reads its other value as normal. Values found: {found}.");
        }
        return anomalous;
    }

    private static bool Matches(string label, IReadOnlyList<string> set)
    {
        bool numeric = double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value);
        foreach (var s in set)
        {
            if (string.Equals(label, s, StringComparison.Ordinal)) return true;
            if (numeric && double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var other) && other == value)
                return true;
        }
        return false;
    }

    private static bool IsZeroOrOne(string label) =>
        double.TryParse(label, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v is 0 or 1;

    /// <summary>True when <paramref name="name"/> is one of <see cref="CsvReadOptions.LabelLikeNames"/> (ignoring case).</summary>
    public static bool IsLabelLike(string name)
    {
        foreach (var n in CsvReadOptions.LabelLikeNames)
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }

    private static string Describe(List<string> header) =>
        header.Count <= 8 ? string.Join(", ", header.Select(h => $"'{h}'")) : string.Join(", ", header.Take(8).Select(h => $"'{h}'")) + $", ... {header.Count} columns";
}
