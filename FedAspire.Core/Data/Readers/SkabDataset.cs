namespace FedAspire.Core.Data.Readers;

/// <summary>
/// The SKAB benchmark as three facilities with the benchmark's protocol (first <see cref="TrainLength"/> rows of each
/// labelled file are normal training data, the rest test) and its known defects handled (see <see cref="Defects"/>):
/// <list type="bullet">
/// <item>a labelled file whose first 400 rows already contain anomalies (other/2 from row 104) trains only on the rows before the first anomaly; the rows between it and row 400 are in neither part;</item>
/// <item>rows of the anomaly-free file that reappear verbatim in a labelled file (its last 572 rows = the first 572 of other/5) are dropped from the anomaly-free data;</item>
/// <item>rows shared by two labelled files (the last 228 of other/3 = the first 228 of other/4, labels conflicting on 57; also, found
/// the same way, other/2|3 with 120 rows, other/10|11 with 21 and other/12|13 with 349, 178 of them with conflicting labels) are removed
/// from the training part that holds them; the benchmark's test parts stay exactly as published.</item>
/// </list>
/// Defects are detected from the data (identical timestamp and sensor values), not hard-coded, and each one is reported.
/// </summary>
public sealed class SkabDataset
{
    /// <summary>Rows at the start of each labelled file that the benchmark uses for training.</summary>
    public const int TrainLength = 400;

    private SkabDataset(IReadOnlyList<SkabFacility> facilities, SensorTable anomalyFree, IReadOnlyList<string> defects)
    {
        Facilities = facilities;
        AnomalyFree = anomalyFree;
        Defects = defects;
    }

    /// <summary>Facilities <c>valve1</c>, <c>valve2</c>, <c>other</c> (those present).</summary>
    public IReadOnlyList<SkabFacility> Facilities { get; }

    /// <summary>The anomaly-free file without rows leaked into labelled files (extra normal training data).</summary>
    public SensorTable AnomalyFree { get; }

    /// <summary>One sentence per defect found and how it was handled.</summary>
    public IReadOnlyList<string> Defects { get; }

    /// <summary>The facility by name; throws naming the available ones.</summary>
    public SkabFacility Facility(string name) =>
        Facilities.FirstOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"No SKAB facility '{name}' (have {string.Join(", ", Facilities.Select(f => f.Name))}).");

    /// <summary>Finds the SKAB folder: <paramref name="root"/> itself or its <c>skab</c> subfolder; null when neither holds <c>valve1</c>.</summary>
    public static string? Locate(string root)
    {
        foreach (var candidate in new[] { root, Path.Combine(root, "skab") })
            if (Directory.Exists(Path.Combine(candidate, "valve1")) || Directory.Exists(Path.Combine(candidate, "other"))) return candidate;
        return null;
    }

    /// <summary>Loads SKAB from <paramref name="root"/> (the datasets folder or the skab folder itself).</summary>
    public static SkabDataset Load(string root)
    {
        var skab = Locate(root) ?? throw new DirectoryNotFoundException($"No SKAB data under '{root}' (expected folders valve1, valve2, other; see data/README.md).");
        var defects = new List<string>();
        var experiments = new List<(string Facility, SkabExperiment Experiment)>();
        foreach (var facility in new[] { "valve1", "valve2", "other" })
        {
            var dir = Path.Combine(skab, facility);
            if (!Directory.Exists(dir)) continue;
            var files = Directory.GetFiles(dir, "*.csv")
                .OrderBy(f => int.TryParse(Path.GetFileNameWithoutExtension(f), out var n) ? n : int.MaxValue)
                .ThenBy(f => f, StringComparer.Ordinal);
            foreach (var file in files)
            {
                var table = SkabReader.Read(file);
                var name = $"{facility}/{Path.GetFileNameWithoutExtension(file)}";
                int trainEnd = Math.Min(TrainLength, table.RowCount);
                int cleanEnd = trainEnd;
                for (int i = 0; i < trainEnd; i++)
                    if (table.IsAnomalous(i)) { cleanEnd = i; break; }
                if (cleanEnd < trainEnd)
                    defects.Add($"{name}: anomalous from row {cleanEnd} inside the {TrainLength}-row training part; trains on rows 0..{cleanEnd - 1} only, rows {cleanEnd}..{trainEnd - 1} are left out, the test part (rows {trainEnd}..) is unchanged.");
                experiments.Add((facility, new SkabExperiment(name, file, table,
                    Enumerable.Range(0, cleanEnd).ToArray(), Enumerable.Range(trainEnd, table.RowCount - trainEnd).ToArray())));
            }
        }

        var anomalyFreePath = Path.Combine(skab, "anomaly-free", "anomaly-free.csv");
        SensorTable? anomalyFree = File.Exists(anomalyFreePath) ? SkabReader.Read(anomalyFreePath) : null;

        // Index every labelled row by (timestamp, sensor values) to find rows that appear in two files.
        var index = new Dictionary<RowKey, (int Experiment, int Row)>();
        var removeFromTrain = new HashSet<(int Experiment, int Row)>();
        for (int e = 0; e < experiments.Count; e++)
        {
            var t = experiments[e].Experiment.Table;
            var conflicts = new Dictionary<int, (int Shared, int Conflicting, int TrainA, int TrainB)>();
            for (int r = 0; r < t.RowCount; r++)
            {
                var key = RowKey.Of(t, r);
                if (!index.TryAdd(key, (e, r)))
                {
                    var (other, otherRow) = index[key];
                    var ot = experiments[other].Experiment;
                    conflicts.TryGetValue(other, out var c);
                    bool inTrainA = Array.BinarySearch(ot.TrainRows, otherRow) >= 0;
                    bool inTrainB = Array.BinarySearch(experiments[e].Experiment.TrainRows, r) >= 0;
                    if (inTrainA) removeFromTrain.Add((other, otherRow));
                    if (inTrainB || !inTrainA) removeFromTrain.Add((e, r));
                    conflicts[other] = (c.Shared + 1, c.Conflicting + (ot.Table.Labels![otherRow] != t.Labels![r] ? 1 : 0),
                        c.TrainA + (inTrainA ? 1 : 0), c.TrainB + (inTrainB ? 1 : 0));
                }
            }
            foreach (var (other, c) in conflicts)
                defects.Add($"{experiments[other].Experiment.Name} and {experiments[e].Experiment.Name} share {c.Shared} identical rows (labels conflict on {c.Conflicting}); "
                    + $"removed from training parts ({c.TrainA} from {experiments[other].Experiment.Name}, {c.TrainB} from {experiments[e].Experiment.Name}); test parts unchanged.");
        }
        for (int e = 0; e < experiments.Count; e++)
        {
            var x = experiments[e].Experiment;
            var kept = x.TrainRows.Where(r => !removeFromTrain.Contains((e, r))).ToArray();
            if (kept.Length != x.TrainRows.Length) experiments[e] = (experiments[e].Facility, x with { TrainRows = kept });
        }

        if (anomalyFree is not null)
        {
            var keep = new List<int>(anomalyFree.RowCount);
            var leaks = new Dictionary<int, int>();
            for (int r = 0; r < anomalyFree.RowCount; r++)
            {
                if (index.TryGetValue(RowKey.Of(anomalyFree, r), out var hit))
                {
                    leaks[hit.Experiment] = leaks.GetValueOrDefault(hit.Experiment) + 1;
                    continue;
                }
                keep.Add(r);
            }
            foreach (var (e, n) in leaks)
                defects.Add($"anomaly-free: {n} rows are identical to rows of {experiments[e].Experiment.Name} (a train/test leak); dropped from the anomaly-free data ({keep.Count} rows remain).");
            if (keep.Count != anomalyFree.RowCount) anomalyFree = anomalyFree.SelectRows(keep.ToArray());
        }
        else
        {
            defects.Add("anomaly-free/anomaly-free.csv is absent: no extra normal training data.");
            anomalyFree = new SensorTable([], SkabReader.Sensors, SkabReader.Sensors.Select(_ => Array.Empty<float>()).ToArray(), [], LabelScheme.Binary("anomaly"));
        }

        var facilities = experiments.GroupBy(x => x.Facility).Select(g => new SkabFacility(g.Key, g.Select(x => x.Experiment).ToArray())).ToArray();
        return new SkabDataset(facilities, anomalyFree, defects);
    }

    /// <summary>A row's timestamp and the bit patterns of its sensor values (labels excluded: conflicting labels still mean the same row).</summary>
    private readonly record struct RowKey(long Ticks, int V0, int V1, int V2, int V3, int V4, int V5, int V6, int V7)
    {
        public static RowKey Of(SensorTable t, int r) => new(t.Timestamps[r], Bits(t, 0, r), Bits(t, 1, r), Bits(t, 2, r), Bits(t, 3, r),
            Bits(t, 4, r), Bits(t, 5, r), Bits(t, 6, r), Bits(t, 7, r));

        private static int Bits(SensorTable t, int c, int r) => BitConverter.SingleToInt32Bits(t.Column(c)[r]);
    }
}
