using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FedAspire.Devices.Experiments;

/// <summary>
/// Writes a run's machine-readable outputs: <c>metrics.json</c> (everything deterministic by seed), <c>timings.json</c>
/// (wall-clock durations and scale measurements), <c>rounds.csv</c> (one row per arm and round) and <c>clients.csv</c>.
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
        var rounds = new StringBuilder("arm,partition,method,kind,round,outcome,version,participants,sampled,samples,loss,eval_loss,threshold,f1,far,mar,pr_auc,roc_auc,rejections,failures,duration_s\n");
        foreach (var arm in result.Arms)
        {
            var durations = timings.RoundSeconds.GetValueOrDefault(arm.Name) ?? [];
            for (int i = 0; i < arm.Rounds.Count; i++)
            {
                var r = arm.Rounds[i];
                double duration = arm.Kind == "federated" && i < durations.Length ? durations[i] : double.NaN;
                rounds.AppendLine(string.Create(c, $"{arm.Name},{arm.Partition},{arm.Method},{arm.Kind},{r.Round},{r.Outcome},{r.Version},{r.Participants},{r.Sampled},{r.Samples},{r.TrainingLoss:G6},{r.EvalLoss:G6},{r.Threshold:G6},{r.F1:F4},{r.FalseAlarmRate:F4},{r.MissedAlarmRate:F4},{r.PrAuc:F4},{r.RocAuc:F4},{r.Rejections},{r.Failures},{duration:F3}"));
            }
        }
        File.WriteAllText(Path.Combine(directory, "rounds.csv"), rounds.ToString());
        var clients = new StringBuilder("arm,client,train_rows,held_out_rows,windows,anomalous,threshold,f1,far,mar,pr_auc,mean_score\n");
        foreach (var arm in result.Arms)
            foreach (var cl in arm.Clients)
            {
                var m = cl.Metrics;
                clients.AppendLine(string.Create(c, $"{arm.Name},{cl.Id},{cl.TrainRows},{cl.HeldOutRows},{m.Windows},{m.Anomalous},{m.Threshold:G6},{m.F1:F4},{m.FalseAlarmRate:F4},{m.MissedAlarmRate:F4},{m.PrAuc:F4},{m.MeanScore:G6}"));
            }
        File.WriteAllText(Path.Combine(directory, "clients.csv"), clients.ToString());
        return ["metrics.json", "timings.json", "rounds.csv", "clients.csv"];
    }
}
