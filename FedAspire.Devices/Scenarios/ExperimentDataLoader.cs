using System.Globalization;
using System.Runtime.InteropServices;
using FedAspire.Core.Data;
using FedAspire.Core.Data.Partitioning;
using FedAspire.Core.Data.Readers;
using FedAspire.Devices.Facilities;

namespace FedAspire.Devices.Scenarios;

/// <summary>
/// Turns a scenario's data set into facility partitions: reads it (committed pump sample, SKAB, IMS bearing), splits it into
/// clients with the data toolkit's <see cref="Partitioner"/> (or SKAB's natural facilities) and time-splits every client into a
/// training part (earlier rows, normal rows only) and a labelled held-out part (later rows).
/// </summary>
public static class ExperimentDataLoader
{
    /// <summary>Loads every partition of <paramref name="scenario"/>; <paramref name="repositoryRoot"/> resolves relative paths.</summary>
    public static IReadOnlyList<PreparedPartition> Load(ExperimentScenario scenario, string repositoryRoot, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Dataset switch
        {
            "pump-sample" => LoadPartitioned(scenario, ReadPump(scenario, repositoryRoot, progress), progress, "committed synthetic pump-plant sample"),
            "ims-bearing8" => LoadPartitioned(scenario, ReadIms(scenario, repositoryRoot, progress), progress,
                "IMS bearing_merged_2.csv (raw 20 kHz vibration, 8 channels); no labels exist, so every held-out row counts as normal and F1/FAR/MAR are not meaningful"),
            "skab" => LoadSkab(scenario, repositoryRoot, progress),
            "csv" => CsvExperimentLoader.Load(scenario, repositoryRoot, progress),
            _ => throw new ScenarioException($"Dataset '{scenario.Dataset}' has no facility partitions (the scale scenario generates device data)."),
        };
    }

    private static SensorTable ReadPump(ExperimentScenario scenario, string root, IProgress<string>? progress)
    {
        var path = Path.GetFullPath(Path.Combine(root, scenario.DatasetPath ?? Path.Combine("data", "pump-plant-sample.csv")));
        if (!File.Exists(path)) throw new DatasetMissingException($"Pump data '{path}' does not exist (the committed sample is data/pump-plant-sample.csv; `generate` writes it).");
        progress?.Report($"reading {path}");
        return PumpSensorReader.Read(path);
    }

    private static SensorTable ReadIms(ExperimentScenario scenario, string root, IProgress<string>? progress)
    {
        var datasets = DatasetsRoot(scenario, root);
        var path = Path.Combine(datasets, "ims-bearing", "bearing_merged_2.csv");
        if (!File.Exists(path))
            throw new DatasetMissingException($"IMS bearing data not found: '{path}' is absent. This scenario needs ../shared/datasets/ims-bearing/bearing_merged_2.csv (see data/README.md), or --datasets DIR.");
        progress?.Report($"reading {path}");
        return ImsBearingReader.ReadRawSnapshots(path);
    }

    /// <summary>The datasets root of a real-data scenario: <c>datasetPath</c> when set, else <c>../shared/datasets</c> next to the repository.</summary>
    public static string DatasetsRoot(ExperimentScenario scenario, string root)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.DatasetPath is { } p ? Path.GetFullPath(Path.Combine(root, p)) : Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets"));
    }

    private static List<PreparedPartition> LoadPartitioned(ExperimentScenario scenario, SensorTable table, IProgress<string>? progress, string source)
    {
        var result = new List<PreparedPartition>();
        foreach (var p in scenario.Partitions)
        {
            var options = new PartitionOptions
            {
                Strategy = Enum.Parse<PartitionStrategy>(p.Strategy, ignoreCase: true),
                Clients = p.Clients,
                Alpha = p.Alpha,
                QuantityFractions = p.Quantity,
                ParetoShape = p.Pareto,
                BlockLength = p.Block,
                Seed = scenario.Seed,
            };
            progress?.Report($"partitioning {table.RowCount:N0} rows x {table.SensorCount} sensors into {p.Clients} clients ({p.Strategy})");
            var partition = Partitioner.Partition(table, options, source);
            var clients = partition.Clients
                .Select(c => ($"{p.Name}.{c.Name}", Split(c.Table, scenario.TrainFraction, scenario.TrainOnNormalOnly).WithCalibrationTail(scenario.CalibrationFraction)))
                .OrderBy(c => c.Item1, StringComparer.Ordinal)
                .ToList();
            var notes = new List<string>
            {
                $"Source: {source}, {table.RowCount:N0} rows x {table.SensorCount} sensors.",
                $"Partition '{p.Name}': {p.Strategy}, {p.Clients} clients, alpha {p.Alpha.ToString(CultureInfo.InvariantCulture)}, block {p.Block}, seed {scenario.Seed}" +
                    (p.Quantity is { } q ? $", quantity {string.Join("/", q.Select(x => x.ToString("0.###", CultureInfo.InvariantCulture)))}" : "") +
                    (p.Pareto is { } s ? $", Pareto shape {s.ToString(CultureInfo.InvariantCulture)}" : "") + ".",
                $"Time split per client: the first {scenario.TrainFraction:P0} of its rows (time order) are training data" +
                    (scenario.TrainOnNormalOnly ? " (rows labelled anomalous dropped)" : "") +
                    $", of which the latest {scenario.CalibrationFraction:P0} are held back for calibration (thresholds only, never trained on); the later rows are its labelled held-out data.",
            };
            notes.AddRange(partition.Metadata.Notes.Select(n => $"Partitioner: {n}"));
            result.Add(new PreparedPartition(p.Name, table.SensorNames, clients, notes));
        }
        return result;
    }

    /// <summary>Time split of one client's table: earlier rows train (normal only when asked), later rows are labelled held-out data.</summary>
    public static FacilityPartition Split(SensorTable table, double trainFraction, bool normalOnly)
    {
        ArgumentNullException.ThrowIfNull(table);
        int n = table.RowCount, trainEnd = (int)Math.Floor(n * trainFraction);
        var trainRows = new List<int>(trainEnd);
        for (int r = 0; r < trainEnd; r++)
            if (!normalOnly || !table.IsAnomalous(r)) trainRows.Add(r);
        var heldOut = Enumerable.Range(trainEnd, n - trainEnd).ToArray();
        var labels = heldOut.Select(table.IsAnomalous).ToArray();
        return new FacilityPartition(table.SensorNames, RowMajor(table, trainRows), RowMajor(table, heldOut), labels)
        {
            TrainBreaks = FacilityPartition.BreaksOf(CollectionsMarshal.AsSpan(trainRows)),
        };
    }

    private static float[] RowMajor(SensorTable table, IReadOnlyList<int> rows, double[]? mean = null, double[]? scale = null)
    {
        int f = table.SensorCount;
        var result = new float[rows.Count * f];
        for (int c = 0; c < f; c++)
        {
            var column = table.Column(c);
            double m = mean?[c] ?? 0, s = scale?[c] ?? 1;
            for (int i = 0; i < rows.Count; i++) result[i * f + c] = (float)((column[rows[i]] - m) / s);
        }
        return result;
    }

    private static List<PreparedPartition> LoadSkab(ExperimentScenario scenario, string root, IProgress<string>? progress)
    {
        var datasets = DatasetsRoot(scenario, root);
        if (SkabDataset.Locate(datasets) is null)
            throw new DatasetMissingException($"SKAB data not found under '{datasets}' (expected skab/valve1, skab/valve2, skab/other). This scenario needs ../shared/datasets/skab (see data/README.md), or --datasets DIR.");
        progress?.Report($"loading SKAB from {datasets}");
        var skab = SkabDataset.Load(datasets);
        var result = new List<PreparedPartition>();
        foreach (var p in scenario.Partitions)
        {
            if (p.Strategy != "natural") throw new ScenarioException($"SKAB partitions use strategy 'natural' (valve1, valve2, other); got '{p.Strategy}'.");
            var clients = new List<(string, FacilityPartition)>();
            var files = new List<SkabProtocolFile>();
            var features = SkabReader.Sensors;
            foreach (var facility in skab.Facilities)
            {
                var train = new List<float>();
                var calibration = new List<float>();
                var test = new List<float>();
                var labels = new List<bool>();
                // Every file is its own experiment: no window joins the end of one to the start of the next.
                var trainBreaks = new List<int>();
                var calibrationBreaks = new List<int>();
                var testBreaks = new List<int>();
                int f = features.Count;
                foreach (var e in facility.Experiments)
                {
                    AddBreak(trainBreaks, train.Count / f);
                    AddBreak(calibrationBreaks, calibration.Count / f);
                    AddBreak(testBreaks, test.Count / f);
                    // The benchmark's scaler: fitted per file on that file's (normal) training rows, applied to its test rows.
                    var (mean, scale) = Standardization(e.Table, e.TrainRows);
                    var (fit, held) = CalibrationTail(e.TrainRows, scenario.CalibrationFraction);
                    train.AddRange(RowMajor(e.Table, fit, mean, scale));
                    calibration.AddRange(RowMajor(e.Table, held, mean, scale));
                    test.AddRange(RowMajor(e.Table, e.TestRows, mean, scale));
                    labels.AddRange(e.TestRows.Select(e.Table.IsAnomalous));
                    // The leaderboard protocol scores the whole file with the same scaler (the model sees what it was trained on).
                    var everyRow = Enumerable.Range(0, e.Table.RowCount).ToArray();
                    files.Add(new SkabProtocolFile($"{p.Name}.{facility.Name}", e.Name, RowMajor(e.Table, everyRow, mean, scale),
                        everyRow.Select(e.Table.IsAnomalous).ToArray(), e.Table.RowCount - e.TestRows.Length));
                }
                if (facility.Name == "other" && skab.AnomalyFree.RowCount > 0)
                {
                    var all = Enumerable.Range(0, skab.AnomalyFree.RowCount).ToArray();
                    var (mean, scale) = Standardization(skab.AnomalyFree, all);
                    var (fit, held) = CalibrationTail(all, scenario.CalibrationFraction);
                    AddBreak(trainBreaks, train.Count / f);
                    AddBreak(calibrationBreaks, calibration.Count / f);
                    train.AddRange(RowMajor(skab.AnomalyFree, fit, mean, scale));
                    calibration.AddRange(RowMajor(skab.AnomalyFree, held, mean, scale));
                }
                clients.Add(($"{p.Name}.{facility.Name}", new FacilityPartition(features, train.ToArray(), test.ToArray(), labels.ToArray())
                {
                    CalibrationRows = calibration.ToArray(),
                    TrainBreaks = [.. trainBreaks],
                    CalibrationBreaks = [.. calibrationBreaks],
                    HeldOutBreaks = [.. testBreaks],
                    // Each file's test rows follow its own training rows, not the facility's last calibration rows: a drift
                    // tracker carried from file to file would follow one experiment into the next.
                    InterleavedHeldOut = true,
                }));
            }
            var notes = new List<string>
            {
                $"SKAB protocol: per labelled file, the first {SkabDataset.TrainLength} rows (cleaned as below) are training data, the rest test data with the benchmark's labels; facilities valve1 ({Count(skab, "valve1")}), valve2 ({Count(skab, "valve2")}), other ({Count(skab, "other")}).",
                "Every file is standardized with the mean and std of its own training rows (the benchmark's per-file StandardScaler), a facility-local step; the anomaly-free file (leaked rows removed) is standardized on itself and added to facility 'other' as extra normal training data.",
                $"The latest {scenario.CalibrationFraction:P0} of every file's training rows are held back for calibration (thresholds only, never trained on).",
                "Files are concatenated per facility, but no window spans a file boundary (each file is its own run of rows); drift following is off, since every file's test rows follow its own training rows.",
            };
            notes.AddRange(skab.Defects.Select(d => $"SKAB defect handled: {d}"));
            clients.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
            result.Add(new PreparedPartition(p.Name, features, clients, notes, files));
        }
        return result;
    }

    /// <summary>Splits time-ordered training rows into the rows a model fits and the latest <paramref name="fraction"/> kept for calibration.</summary>
    private static (int[] Fit, int[] Calibration) CalibrationTail(IReadOnlyList<int> rows, double fraction)
    {
        int held = (int)Math.Round(rows.Count * fraction);
        var all = rows.ToArray();
        return (all[..(all.Length - held)], all[(all.Length - held)..]);
    }

    private static void AddBreak(List<int> breaks, int row)
    {
        if (row > 0 && (breaks.Count == 0 || breaks[^1] < row)) breaks.Add(row);
    }

    private static string Count(SkabDataset skab, string name) =>
        skab.Facilities.FirstOrDefault(f => f.Name == name) is { } f ? $"{f.Experiments.Count} files" : "absent";

    private static (double[] Mean, double[] Scale) Standardization(SensorTable table, IReadOnlyList<int> rows)
    {
        int f = table.SensorCount;
        var mean = new double[f];
        var scale = new double[f];
        for (int c = 0; c < f; c++)
        {
            var column = table.Column(c);
            double sum = 0, sq = 0;
            int n = 0;
            foreach (var r in rows)
            {
                double v = column[r];
                if (double.IsNaN(v)) continue;
                sum += v; sq += v * v; n++;
            }
            double m = n > 0 ? sum / n : 0, variance = n > 0 ? Math.Max(sq / n - m * m, 0) : 1;
            mean[c] = m;
            scale[c] = Math.Sqrt(variance) is var sd && sd > 1e-6 ? sd : 1;
        }
        return (mean, scale);
    }
}
