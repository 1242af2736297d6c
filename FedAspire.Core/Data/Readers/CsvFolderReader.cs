namespace FedAspire.Core.Data.Readers;

/// <summary>
/// Reads a folder of sensor CSVs (or one file) into facilities and devices with <see cref="DelimitedSensorReader"/>: every
/// participant's rows sorted by time (out-of-order rows counted), duplicate timestamps counted and handled by the policy, and
/// every participant's sensors placed in the folder's union of sensors (NaN where its files lack one). Malformed input throws
/// <see cref="DataFormatException"/> naming the file, and the line and column where there is one.
/// </summary>
public static class CsvFolderReader
{
    /// <summary>File extensions read from a folder.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".csv", ".tsv", ".txt"];

    private sealed record Piece(int File, SensorTable Table, int[] Rows, List<long> Lines, bool Labelled);

    /// <summary>Reads <paramref name="path"/> (a folder or one file) as <paramref name="options"/> describe.</summary>
    public static CsvFolderData Read(string path, CsvFolderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Layout == CsvLayout.Columns && string.IsNullOrEmpty(options.FacilityColumn))
            throw new ArgumentException("The columns layout needs a facility column.", nameof(options));
        var sources = Enumerate(Path.GetFullPath(path), options.Layout);
        var files = sources.Select(s => s.File).ToList();
        var features = new List<string>();
        var featureIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var pieces = new Dictionary<(string Facility, string? Device), List<Piece>>();
        var skipped = new List<string>();
        var unlabelled = new List<string>();
        var sensorsSeen = new HashSet<string>(StringComparer.Ordinal);
        for (int f = 0; f < sources.Count; f++)
        {
            var (file, facility, device) = sources[f];
            char separator = options.Delimiter ?? CsvSeparator.DetectFile(file);
            var (header, first) = Peek(file, separator);
            bool labelled = options.LabelColumn is not null && header.Contains(options.LabelColumn);
            if (options.LabelColumn is not null && !labelled) unlabelled.Add(file);
            var ignored = new List<string>();
            List<string>? sensorColumns = null;
            if (options.Sensors is { } wanted)
            {
                sensorColumns = wanted.Where(header.Contains).ToList();
                if (sensorColumns.Count == 0 && header.Count > 0)
                    throw new DataFormatException(file, 1, 0, $"none of the sensors {string.Join(", ", wanted)} is in the header ({string.Join(", ", header)}).");
            }
            else if (first is not null)
            {
                for (int c = 0; c < header.Count && c < first.Count; c++)
                {
                    var name = header[c];
                    if (name == options.TimestampColumn || name == options.LabelColumn || name == options.FacilityColumn || name == options.DeviceColumn) continue;
                    // A label-like column must reach the reader's check (it asks to name it), even when its values are text.
                    if (DelimitedSensorReader.IsLabelLike(name) && options.LabelColumn is null) continue;
                    if (!CellParser.TryParseValue(first[c], out _))
                    {
                        ignored.Add(name);
                        skipped.Add($"{file}: '{name}'");
                    }
                }
            }
            var readOptions = new CsvReadOptions
            {
                Separator = separator,
                TimestampColumn = options.TimestampColumn,
                LabelColumn = labelled ? options.LabelColumn : null,
                AnomalousLabels = options.AnomalousLabels,
                NormalLabels = options.NormalLabels,
                IgnoredColumns = ignored,
                SensorColumns = sensorColumns,
                GroupColumns = options.Layout != CsvLayout.Columns ? []
                    : options.DeviceColumn is { } d ? [options.FacilityColumn!, d] : [options.FacilityColumn!],
            };
            var lines = new List<long>();
            var table = DelimitedSensorReader.ReadFile(file, readOptions, lines);
            foreach (var s in table.SensorNames)
            {
                sensorsSeen.Add(s);
                if (featureIndex.TryAdd(s, features.Count)) features.Add(s);
            }
            if (options.Layout != CsvLayout.Columns)
            {
                Add(pieces, (facility!, device), new Piece(f, table, Enumerable.Range(0, table.RowCount).ToArray(), lines, labelled));
                continue;
            }
            // The reader keyed every row by its facility (and device) value: source 0 is the file, the groups follow.
            var bySource = new List<int>[table.SourceNames.Count];
            var ids = table.SourceIds!;
            for (int r = 0; r < ids.Length; r++) (bySource[ids[r]] ??= []).Add(r);
            for (int s = 1; s < bySource.Length; s++)
            {
                if (bySource[s] is not { } rows) continue;
                var parts = table.SourceNames[s].Split(CsvReadOptions.GroupSeparator);
                Add(pieces, (parts[0], parts.Length > 1 ? parts[1] : null), new Piece(f, table, rows.ToArray(), lines, labelled));
            }
        }
        if (options.LabelColumn is not null && unlabelled.Count == files.Count)
            throw new DataFormatException(files[0], 1, 0, $"no label column '{options.LabelColumn}' in the header ({string.Join(", ", Peek(files[0], options.Delimiter ?? CsvSeparator.DetectFile(files[0])).Header)}); no file has it.");
        if (options.Sensors is { } all)
            foreach (var s in all)
                if (!sensorsSeen.Contains(s)) throw new DataFormatException(Path.GetFullPath(path), $"sensor column '{s}' is in no file.");

        var participants = pieces
            .OrderBy(p => p.Key.Facility, StringComparer.Ordinal).ThenBy(p => p.Key.Device, StringComparer.Ordinal)
            .Select(p => Build(p.Key.Facility, p.Key.Device, p.Value, files, features, featureIndex, options.DuplicateTimestamps))
            .ToList();
        return new CsvFolderData(Path.GetFullPath(path), files, features, participants, skipped, unlabelled);
    }

    private static void Add(Dictionary<(string, string?), List<Piece>> pieces, (string, string?) key, Piece piece)
    {
        if (!pieces.TryGetValue(key, out var list)) pieces[key] = list = [];
        list.Add(piece);
    }

    /// <summary>The files to read with the facility and device each stands for (null when rows name them).</summary>
    private static List<(string File, string? Facility, string? Device)> Enumerate(string path, CsvLayout layout)
    {
        if (File.Exists(path))
            return [(path, layout == CsvLayout.Columns ? null : Path.GetFileNameWithoutExtension(path), null)];
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"'{path}' is neither a file nor a folder.");
        var result = new List<(string, string?, string?)>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        void Claim(string name, string file)
        {
            if (!names.TryAdd(name, file)) throw new DataFormatException(file, $"facility or device '{name}' is also read from '{names[name]}'; names must be unique.");
        }
        foreach (var file in DataFiles(path))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (layout != CsvLayout.Columns) Claim(name, file);
            result.Add((file, layout == CsvLayout.Columns ? null : name, null));
        }
        if (layout == CsvLayout.FilePerDevice)
        {
            foreach (var folder in Directory.GetDirectories(path).Order(StringComparer.Ordinal))
            {
                var facility = Path.GetFileName(folder);
                var devices = DataFiles(folder);
                if (devices.Count == 0) continue;
                Claim(facility, folder);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var file in devices)
                {
                    var device = Path.GetFileNameWithoutExtension(file);
                    if (!seen.Add(device)) throw new DataFormatException(file, $"device '{device}' appears twice in '{folder}'.");
                    result.Add((file, facility, device));
                }
            }
        }
        if (result.Count == 0)
            throw new DataFormatException(path, $"no data files ({string.Join(", ", Extensions)}) " +
                (layout == CsvLayout.FilePerDevice ? "in the folder or its subfolders." : Directory.GetDirectories(path).Length > 0
                    ? "in the folder (it has subfolders: layout file-per-device reads a subfolder per facility)." : "in the folder."));
        return result;
    }

    private static List<string> DataFiles(string folder) =>
        Directory.GetFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The header names and the first data row's cells (null when there is none) of a file.</summary>
    private static (List<string> Header, List<string>? First) Peek(string file, char separator)
    {
        using var reader = new StreamReader(file, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var header = Split(reader.ReadLine(), separator) ?? [];
        string? line;
        while ((line = reader.ReadLine()) is not null && line.Length == 0) { }
        return (header, Split(line, separator));
    }

    private static List<string>? Split(string? line, char separator)
    {
        if (line is null) return null;
        var result = new List<string>();
        var fields = new CsvFields(line, separator);
        while (fields.TryNext(out var f)) result.Add(f.ToString());
        return result;
    }

    /// <summary>One participant's pieces merged, sorted by time, duplicates handled, values placed in the feature union.</summary>
    private static CsvParticipant Build(string facility, string? device, List<Piece> pieces, List<string> files, List<string> features,
        Dictionary<string, int> featureIndex, DuplicateTimestampPolicy policy)
    {
        int n = 0;
        foreach (var p in pieces) n += p.Rows.Length;
        var ts = new long[n];
        var pieceOf = new int[n];
        var rowOf = new int[n];
        int k = 0;
        for (int p = 0; p < pieces.Count; p++)
            foreach (var r in pieces[p].Rows)
            {
                ts[k] = pieces[p].Table.Timestamps[r];
                pieceOf[k] = p;
                rowOf[k++] = r;
            }
        int outOfOrder = 0;
        for (int i = 1; i < n; i++) if (ts[i] < ts[i - 1]) outOfOrder++;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // Already sorted input keeps reading order within ties; a sort breaks ties by reading order too, so "first" and "last" mean first and last read.
        if (outOfOrder > 0) Array.Sort(order, (a, b) => ts[a] != ts[b] ? ts[a].CompareTo(ts[b]) : a.CompareTo(b));

        bool labelled = pieces.TrueForAll(p => p.Labelled);
        int width = features.Count;
        var maps = pieces.Select(p => p.Table.SensorNames.Select(s => featureIndex[s]).ToArray()).ToArray();
        var outTimes = new List<long>(n);
        var outRows = new List<float>(n * width);
        var outLabels = labelled ? new List<bool>(n) : null;
        var sum = new double[width];
        var count = new int[width];
        int duplicates = 0;
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && ts[order[end]] == ts[order[start]]) end++;
            if (end - start > 1)
            {
                duplicates += end - start - 1;
                if (policy == DuplicateTimestampPolicy.Error)
                {
                    int a = order[start], b = order[start + 1];
                    var firstAt = pieceOf[a] == pieceOf[b] ? $"line {pieces[pieceOf[a]].Lines[rowOf[a]]}" : $"{files[pieces[pieceOf[a]].File]} line {pieces[pieceOf[a]].Lines[rowOf[a]]}";
                    throw new DataFormatException(files[pieces[pieceOf[b]].File], pieces[pieceOf[b]].Lines[rowOf[b]], 0,
                        $"timestamp {CellParser.FormatTimestamp(ts[b])} of '{Name(facility, device)}' repeats {firstAt} (duplicate-timestamp policy 'error'; choose keep-first, keep-last or mean).");
                }
            }
            outTimes.Add(ts[order[start]]);
            int rowStart = outRows.Count;
            for (int c = 0; c < width; c++) outRows.Add(float.NaN);
            if (policy == DuplicateTimestampPolicy.Mean && end - start > 1)
            {
                Array.Clear(sum);
                Array.Clear(count);
                bool anomalous = false;
                for (int i = start; i < end; i++)
                {
                    var piece = pieces[pieceOf[order[i]]];
                    int r = rowOf[order[i]];
                    var map = maps[pieceOf[order[i]]];
                    for (int c = 0; c < map.Length; c++)
                    {
                        float v = piece.Table.Column(c)[r];
                        if (float.IsNaN(v)) continue;
                        sum[map[c]] += v;
                        count[map[c]]++;
                    }
                    anomalous |= labelled && piece.Table.IsAnomalous(r);
                }
                for (int c = 0; c < width; c++) if (count[c] > 0) outRows[rowStart + c] = (float)(sum[c] / count[c]);
                outLabels?.Add(anomalous);
            }
            else
            {
                int pick = policy == DuplicateTimestampPolicy.KeepLast ? order[end - 1] : order[start];
                var piece = pieces[pieceOf[pick]];
                var map = maps[pieceOf[pick]];
                for (int c = 0; c < map.Length; c++) outRows[rowStart + map[c]] = piece.Table.Column(c)[rowOf[pick]];
                outLabels?.Add(labelled && piece.Table.IsAnomalous(rowOf[pick]));
            }
            start = end;
        }
        var sensors = features.Where(f => pieces.Exists(p => p.Table.IndexOf(f) >= 0)).ToList();
        var fileNames = pieces.Select(p => files[p.File]).Distinct().ToList();
        return new CsvParticipant(facility, device, fileNames, outTimes.ToArray(), outRows.ToArray(), outLabels?.ToArray(), sensors, n, outOfOrder, duplicates);
    }

    private static string Name(string facility, string? device) => device is null ? facility : $"{facility}.{device}";
}
