using System.Globalization;
using System.Runtime.InteropServices;
using FedAspire.Core.Data.Readers;
using FedAspire.Devices.Facilities;

namespace FedAspire.Devices.Scenarios;

/// <summary>
/// The <c>csv</c> data set: reads the scenario's folder of CSVs with <see cref="CsvFolderReader"/>, makes every facility (or device)
/// a participant under its own name and time-splits it into training, calibration and labelled held-out rows.
/// </summary>
public static class CsvExperimentLoader
{
    /// <summary>Loads the one natural partition of a validated csv <paramref name="scenario"/>; relative paths resolve from <paramref name="repositoryRoot"/>.</summary>
    public static IReadOnlyList<PreparedPartition> Load(ExperimentScenario scenario, string repositoryRoot, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var csv = scenario.Csv ?? throw new ScenarioException("dataset csv needs a csv section (see docs/experiments.md).");
        var configured = scenario.DatasetPath ?? throw new ScenarioException("dataset csv needs datasetPath (a folder or one file).");
        var path = Path.GetFullPath(Path.Combine(repositoryRoot, configured));
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new ScenarioException($"datasetPath '{configured}' does not exist (looked for {path}; relative paths start at the repository root).");
        progress?.Report($"reading CSV data {path} (layout {csv.Layout})");
        var data = CsvFolderReader.Read(path, ScenarioCsvValidation.ToOptions(csv));
        long? until = csv.TrainUntil is { } u && CellParser.TryParseTimestamp(u, out var ticks) ? ticks : null;
        var partition = scenario.Partitions[0];
        var clients = new List<(string Id, FacilityPartition Data)>();
        var participantNotes = new List<string>();
        foreach (var p in data.Participants)
        {
            var id = $"{partition.Name}.{p.Name}";
            var split = Split(p, data.Features, scenario.TrainFraction, until, scenario.TrainOnNormalOnly).WithCalibrationTail(scenario.CalibrationFraction);
            clients.Add((id, split));
            var missing = data.Features.Where(f => !p.Sensors.Contains(f)).ToList();
            participantNotes.Add(
                $"{id}: {string.Join(", ", p.Files.Select(f => Display(f, path)))}, {p.RowsRead.ToString("N0", CultureInfo.InvariantCulture)} rows read, " +
                $"{split.TrainCount}/{split.CalibrationCount}/{split.HeldOutCount} training/calibration/held-out rows" +
                (split.TrainCount == 0 ? " (no training rows: it sits out every round as a NoSamples rejection)" : "") +
                (p.Anomalous is null ? ", unlabelled" : $", {split.HeldOutAnomalous.Count(a => a)} held-out rows anomalous") +
                (missing.Count > 0 ? $", lacks {string.Join(", ", missing)} (NaN)" : "") +
                (p.OutOfOrder > 0 ? $", {p.OutOfOrder} out-of-order rows sorted" : "") +
                (p.Duplicates > 0 ? $", {p.Duplicates} duplicate timestamps ({csv.DuplicateTimestamps})" : "") + ".");
        }
        clients.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        if (clients.TrueForAll(c => c.Data.TrainCount == 0))
            throw new ScenarioException($"no participant has training rows: {(csv.TrainUntil is { } t0 ? $"csv.trainUntil {t0} is before every participant's data" : "every training span is empty or anomalous")}.");
        var notes = new List<string>
        {
            $"Source: CSV data {Display(path, repositoryRoot)} (layout {csv.Layout}): {data.Files.Count} files, {data.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows, " +
                $"{data.Features.Count} sensors ({string.Join(", ", data.Features.Take(20))}{(data.Features.Count > 20 ? ", ..." : "")}); " +
                $"{data.Participants.Count} participants, each {(csv.Layout == "file-per-facility" || (csv.Layout == "columns" && csv.DeviceColumn is null) ? "a facility" : "a device (a file directly in the folder: a facility)")}, under its own name.",
            "Each participant's rows are sorted by time: " + Count(data.Participants.Sum(p => p.OutOfOrder), "row was", "rows were") + " out of order; " +
                Count(data.Participants.Sum(p => p.Duplicates), "row repeated", "rows repeated") + $" an earlier timestamp (policy {csv.DuplicateTimestamps}" +
                (csv.DuplicateTimestamps == "mean" ? ": sensor means, anomalous when any duplicate is" : "") + ").",
            (until is { } t ? $"Time split per participant: rows before {CellParser.FormatTimestamp(t)} are training data"
                : $"Time split per participant: the first {scenario.TrainFraction:P0} of its rows (time order) are training data") +
                (scenario.TrainOnNormalOnly ? " (rows labelled anomalous dropped)" : "") +
                $", of which the latest {scenario.CalibrationFraction:P0} are held back for calibration (thresholds only, never trained on); the later rows are its held-out data.",
            "Sensors missing from a participant's files are NaN (the model masks them); units are each file's own, nothing is converted.",
        };
        if (data.SkippedColumns.Count > 0) notes.Add($"Text columns not read as sensors: {string.Join("; ", data.SkippedColumns.Select(s => Display(s, path)))}.");
        if (data.UnlabelledFiles.Count > 0)
            notes.Add($"Without label column '{csv.LabelColumn}' (unlabelled participants, detection metrics n/a): {string.Join(", ", data.UnlabelledFiles.Select(f => Display(f, path)))}.");
        notes.AddRange(participantNotes);
        return [new PreparedPartition(partition.Name, data.Features, clients, notes)];
    }

    /// <summary>
    /// Time split of one participant: rows before <paramref name="trainUntil"/> (or the first <paramref name="trainFraction"/>)
    /// train, without anomalous rows when <paramref name="normalOnly"/>; the rest is held out with labels and UTC times.
    /// </summary>
    public static FacilityPartition Split(CsvParticipant participant, IReadOnlyList<string> features, double trainFraction, long? trainUntil, bool normalOnly)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(features);
        int n = participant.RowCount, width = features.Count;
        int trainEnd = trainUntil is { } u ? LowerBound(participant.Timestamps, u) : (int)Math.Floor(n * trainFraction);
        var anomalous = participant.Anomalous;
        var kept = new List<int>(trainEnd);
        for (int r = 0; r < trainEnd; r++) if (!normalOnly || anomalous is null || !anomalous[r]) kept.Add(r);
        var train = new float[kept.Count * width];
        for (int k = 0; k < kept.Count; k++) Array.Copy(participant.Rows, kept[k] * width, train, k * width, width);
        var times = new DateTime[n - trainEnd];
        for (int r = trainEnd; r < n; r++) times[r - trainEnd] = new DateTime(participant.Timestamps[r], DateTimeKind.Utc);
        return new FacilityPartition(features, train, participant.Rows[(trainEnd * width)..], anomalous?[trainEnd..] ?? new bool[n - trainEnd])
        {
            HasLabels = anomalous is not null,
            HeldOutTimes = times,
            // Dropped anomalous rows leave jumps in time that no training window may span.
            TrainBreaks = FacilityPartition.BreaksOf(CollectionsMarshal.AsSpan(kept)),
        };
    }

    private static int LowerBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} {many}";

    /// <summary>A path relative to <paramref name="baseDir"/> when inside it (reports do not depend on where the clone lives).</summary>
    private static string Display(string path, string baseDir)
    {
        var full = Path.GetFullPath(baseDir);
        if (File.Exists(full)) full = Path.GetDirectoryName(full)!;
        return path.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? Path.GetRelativePath(full, path) : path;
    }
}
