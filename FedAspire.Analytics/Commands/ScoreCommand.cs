using FedAspire.Scoring;
using System.Globalization;
using System.Text;
using FedAspire.Analytics.Scoring;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FedAspire.Analytics.Commands;

/// <summary>
/// Batch scoring with ML.NET's <c>ApplyOnnxModel</c>: a sensor CSV in, per-row scores and anomaly flags out, and detection metrics
/// (precision, recall, F1, FAR, MAR, ROC-AUC, PR-AUC) when a label column is given. Windowed models score each row with the window that ends at it.
/// </summary>
public static class ScoreCommand
{
    /// <summary>Runs the verb; returns the exit code. Progress and results go to <paramref name="log"/>.</summary>
    public static async Task<int> RunAsync(ScoreCommandOptions options, TextWriter log)
    {
        if (!File.Exists(options.Model)) throw new UsageException($"Model file '{options.Model}' does not exist.");
        ScoringModelInfo info;
        try
        {
            using var probe = new OnnxScorer(await File.ReadAllBytesAsync(options.Model));
            info = probe.Info;
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"'{options.Model}' is not a FedAspire model: {e.Message}");
        }
        await log.WriteLineAsync($"model {options.Model}: federation '{info.Federation}' v{info.Version}, {info.Features.Count} features, window {info.Window}, threshold {info.Threshold.ToString(CultureInfo.InvariantCulture)}");

        var csv = SensorCsv.Read(options.Input, info.Features, options.LabelColumn, options.Separator);
        await log.WriteLineAsync($"input {options.Input}: {csv.Rows} rows" + (csv.MissingColumns.Count > 0 ? $"; missing columns (scored as unobserved): {string.Join(", ", csv.MissingColumns)}" : ""));

        float[] scores = Score(options.Model, info, csv);
        float threshold = options.Threshold ?? info.Threshold;
        if (!float.IsFinite(threshold)) await log.WriteLineAsync("warning: the model has no calibrated threshold and --threshold was not given; nothing is flagged");

        await WriteScoresAsync(options.Output, scores, threshold, csv.Labels);
        int flagged = scores.Count(s => float.IsFinite(threshold) && s > threshold);
        await log.WriteLineAsync($"wrote {options.Output}: {scores.Count(float.IsFinite)} scores, {flagged} flagged above {threshold.ToString(CultureInfo.InvariantCulture)}");

        if (csv.Labels is { } labels && float.IsFinite(threshold))
        {
            var m = Metrics(scores, labels, threshold);
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"metrics: precision {Text(m.Precision)}  recall {Text(m.Recall)}  F1 {Text(m.F1)}  FAR {Text(m.FalseAlarmRate)}  MAR {Text(m.MissedAlarmRate)}  ROC-AUC {Text(m.RocAuc)}  PR-AUC {Text(m.PrAuc)}  (TP {m.TruePositives}, FP {m.FalsePositives}, TN {m.TrueNegatives}, FN {m.FalseNegatives})"));
            var metricsPath = options.MetricsOutput ?? Path.ChangeExtension(options.Output, ".metrics.json");
            await File.WriteAllTextAsync(metricsPath, string.Create(CultureInfo.InvariantCulture,
                $$"""{"model":"{{options.Model}}","input":"{{options.Input}}","threshold":{{threshold}},"truePositives":{{m.TruePositives}},"falsePositives":{{m.FalsePositives}},"trueNegatives":{{m.TrueNegatives}},"falseNegatives":{{m.FalseNegatives}},"precision":{{Json(m.Precision)}},"recall":{{Json(m.Recall)}},"f1":{{Json(m.F1)}},"falseAlarmRate":{{Json(m.FalseAlarmRate)}},"missedAlarmRate":{{Json(m.MissedAlarmRate)}},"rocAuc":{{Json(m.RocAuc)}},"prAuc":{{Json(m.PrAuc)}}}"""));
            await log.WriteLineAsync($"wrote {metricsPath}");
        }
        return 0;
    }

    // An undefined metric (e.g. recall of a file without anomalies) is NaN: "n/a" on the console, null in JSON (which has no NaN).
    private static string Text(double v) => double.IsFinite(v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "n/a";

    private static string Json(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "null";

    /// <summary>Detection metrics over the rows that have a score (rows before the first full window have none).</summary>
    internal static DetectionMetrics Metrics(float[] scores, bool[] labels, float threshold)
    {
        var scored = new List<float>(scores.Length);
        var truth = new List<bool>(scores.Length);
        for (int i = 0; i < scores.Length; i++)
        {
            if (float.IsNaN(scores[i])) continue;
            scored.Add(scores[i]);
            truth.Add(labels[i]);
        }
        return DetectionMetrics.Compute(scored.ToArray(), truth.ToArray(), threshold);
    }

    /// <summary>Scores every row through ML.NET's ONNX transformer; rows before the first full window get NaN.</summary>
    internal static float[] Score(string modelPath, ScoringModelInfo info, SensorCsv csv)
    {
        int features = info.Features.Count, window = info.Window, size = window * features;
        int samples = Math.Max(0, csv.Rows - window + 1);
        var rows = new List<OnnxInputRow>(samples);
        for (int end = window - 1; end < csv.Rows; end++)
        {
            int start = (end - window + 1) * features;
            rows.Add(new OnnxInputRow { Input = csv.Values.AsSpan(start, size).ToArray(), Mask = csv.Mask.AsSpan(start, size).ToArray() });
        }
        var scores = new float[csv.Rows];
        Array.Fill(scores, float.NaN);
        if (samples == 0) return scores;

        var ml = new MLContext(seed: 0);
        var schema = SchemaDefinition.Create(typeof(OnnxInputRow));
        schema[OnnxGraphNames.Input].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        schema[OnnxGraphNames.Mask].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        // ML.NET feeds one row per run: fix the symbolic batch dimension to 1.
        int[] shape = window == 1 ? [1, features] : [1, window, features];
        var shapes = new Dictionary<string, int[]> { [OnnxGraphNames.Input] = shape, [OnnxGraphNames.Mask] = shape };
        var transformer = ml.Transforms.ApplyOnnxModel([OnnxGraphNames.Score], [OnnxGraphNames.Input, OnnxGraphNames.Mask], modelPath, shapes, gpuDeviceId: null, fallbackToCpu: false).Fit(data);
        var output = transformer.Transform(data);
        int i = window - 1;
        foreach (var score in output.GetColumn<float[]>(OnnxGraphNames.Score))
            scores[i++] = score.Length > 0 ? score[0] : float.NaN;
        return scores;
    }

    private static async Task WriteScoresAsync(string path, float[] scores, float threshold, bool[]? labels)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        var text = new StringBuilder(scores.Length * 24);
        text.Append(labels is null ? "row,score,anomaly\n" : "row,score,anomaly,label\n");
        for (int i = 0; i < scores.Length; i++)
        {
            bool flagged = float.IsFinite(threshold) && scores[i] > threshold;
            text.Append(CultureInfo.InvariantCulture, $"{i},{(float.IsNaN(scores[i]) ? "" : scores[i].ToString("R", CultureInfo.InvariantCulture))},{(flagged ? 1 : 0)}");
            if (labels is not null) text.Append(labels[i] ? ",1" : ",0");
            text.Append('\n');
        }
        await File.WriteAllTextAsync(path, text.ToString());
    }

    /// <summary>One ML.NET row: a sample's raw values and mask, flattened time-major.</summary>
    private sealed class OnnxInputRow
    {
        [ColumnName("input")] public float[] Input { get; set; } = [];
        [ColumnName("mask")] public float[] Mask { get; set; } = [];
    }
}
