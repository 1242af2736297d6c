using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// Writes a run's machine-readable outputs: <c>metrics.json</c> (everything deterministic by seed), <c>timings.json</c>
/// (wall-clock durations and scale measurements), <c>rounds.csv</c> (one row per arm and round) and <c>clients.csv</c>; and
/// <c>scores.csv</c> (one row per held-out window per arm, see <see cref="WriteScores"/>).
/// </summary>
public static class ExperimentOutputWriter
{
    /// <summary>JSON options: camelCase, indented, undefined (NaN) figures written as null (JSON has no NaN).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new NonFiniteDoubleAsNullConverter(), new NonFiniteSingleAsNullConverter() },
    };

    /// <summary>Writes the four files into <paramref name="directory"/>; returns their names.</summary>
    public static IReadOnlyList<string> Write(ExperimentResult result, ExperimentTimings timings, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(timings);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "metrics.json"), JsonSerializer.Serialize(result, JsonOptions));
        File.WriteAllText(Path.Combine(directory, "timings.json"), JsonSerializer.Serialize(timings, JsonOptions));
        var c = CultureInfo.InvariantCulture;
        // Federated rounds carry the federated evaluation's AUCs, a mean over facilities; a centralized arm's are of its pooled scores.
        var rounds = new StringBuilder("arm,partition,method,kind,round,outcome,version,participants,sampled,samples,loss,eval_loss,threshold,f1,far,mar,pr_auc,roc_auc,auc_kind,pr_auc_pooled,rejections,failures,duration_s,epsilon,global_loss\n");
        foreach (var arm in result.Arms)
        {
            var durations = timings.RoundSeconds.GetValueOrDefault(arm.Name) ?? [];
            for (int i = 0; i < arm.Rounds.Count; i++)
            {
                var r = arm.Rounds[i];
                double duration = arm.Kind == "federated" && i < durations.Length ? durations[i] : double.NaN;
                rounds.AppendLine(string.Create(c, $"{arm.Name},{arm.Partition},{arm.Method},{arm.Kind},{r.Round},{r.Outcome},{r.Version},{r.Participants},{r.Sampled},{r.Samples},{r.TrainingLoss:G6},{r.EvalLoss:G6},{r.Threshold:G6},{r.F1:F4},{r.FalseAlarmRate:F4},{r.MissedAlarmRate:F4},{r.PrAuc:F4},{r.RocAuc:F4},{(arm.Kind == "federated" ? "facility-mean" : "pooled")},{r.PooledPrAuc:F4},{r.Rejections},{r.Failures},{duration:F3},{r.Epsilon:F4},{r.GlobalLoss:G6}"));
            }
        }
        File.WriteAllText(Path.Combine(directory, "rounds.csv"), rounds.ToString());
        var clients = new StringBuilder("arm,client,train_rows,held_out_rows,windows,anomalous,threshold,f1,far,mar,pr_auc,best_f1_oracle,mean_score\n");
        foreach (var arm in result.Arms)
            foreach (var cl in arm.Clients)
            {
                var m = cl.Metrics;
                clients.AppendLine(string.Create(c, $"{arm.Name},{cl.Id},{cl.TrainRows},{cl.HeldOutRows},{m.Windows},{m.Anomalous},{m.Threshold:G6},{m.F1:F4},{m.FalseAlarmRate:F4},{m.MissedAlarmRate:F4},{m.PrAuc:F4},{m.BestF1:F4},{m.MeanScore:G6}"));
            }
        File.WriteAllText(Path.Combine(directory, "clients.csv"), clients.ToString());
        return ["metrics.json", "timings.json", "rounds.csv", "clients.csv"];
    }

    /// <summary>
    /// Writes <c>scores.csv</c>: one row per held-out window per arm, <c>arm,participant,window_end_time,score,threshold,label</c>, so
    /// users can plot and check every figure. The time is the window's last reading (its row index in the participant's held-out
    /// part when the data has no timestamps); the threshold is the one the window was judged by; the label is 1 or 0, empty for a
    /// participant without labels. Returns the file name.
    /// </summary>
    public static string WriteScores(IReadOnlyList<ArmScores> scores, string directory)
    {
        ArgumentNullException.ThrowIfNull(scores);
        Directory.CreateDirectory(directory);
        var c = CultureInfo.InvariantCulture;
        using var writer = new StreamWriter(Path.Combine(directory, "scores.csv"), append: false, new UTF8Encoding(false));
        writer.Write("arm,participant,window_end_time,score,threshold,label\n");
        foreach (var arm in scores)
        {
            bool described = arm.Participants.Length == arm.Scores.Length;
            for (int i = 0; i < arm.Scores.Length; i++)
            {
                string participant = described ? arm.Participants[i] : "";
                string end = described ? arm.WindowEnds[i] : i.ToString(c);
                bool labelled = described ? arm.Labelled[i] : i < arm.Labels.Length;
                string label = labelled && i < arm.Labels.Length ? (arm.Labels[i] ? "1" : "0") : "";
                float threshold = arm.ThresholdOf(i);
                writer.Write(string.Create(c, $"{Csv(arm.Arm)},{Csv(participant)},{end},{arm.Scores[i]:R},{(float.IsNaN(threshold) ? "" : threshold.ToString("R", c))},{label}\n"));
            }
        }
        return "scores.csv";
    }

    // Participant names come from file names and data columns: quote the rare one that holds a comma or a quote.
    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(',', '"', '\n') < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
