using System.Text.Json;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Lab.Experiments;
using FedAspire.Devices.Federation;
using FedAspire.Lab.Reports;

namespace FedAspire.Tests.Experiments;

/// <summary>Undefined metrics print as n/a on the console and in reports and as null in JSON, never as a number.</summary>
[Trait("Area", "Learning")]
public sealed class NotAvailableMetricsTests
{
    [Fact]
    public void A_round_without_anomalies_prints_na_and_labels_its_pr_auc_a_facility_mean()
    {
        // Two facilities, neither with an anomalous held-out window: F1, MAR and both AUCs are undefined; FAR is defined.
        var metrics = DetectionMetrics.Compute([0.1f, 0.9f, 0.2f], [false, false, false], 0.5f);
        var evaluation = FederatedEvaluation.Merge([
            new ParticipantEvaluation("a", 1, 2, 0.3, DetectionMetrics.Compute([0.1f, 0.9f], [false, false], 0.5f)),
            new ParticipantEvaluation("b", 1, 1, 0.2, DetectionMetrics.Compute([0.2f], [false], 0.5f))]);
        var round = new RoundRecord("f", 1, RoundOutcome.Completed, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), 0, 1, ["a", "b"], [], [], [],
            3, 0.5, 0.5f, evaluation, null);

        string line = EmbeddedFederationRunner.Describe(round);

        Assert.Contains("F1 n/a", line, StringComparison.Ordinal);
        Assert.Contains("MAR n/a", line, StringComparison.Ordinal);
        Assert.Contains("PR-AUC (facility mean) n/a", line, StringComparison.Ordinal);
        Assert.Contains("central F1 n/a", line, StringComparison.Ordinal);
        Assert.Contains("FAR 0.333", line, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", line, StringComparison.Ordinal);
        Assert.True(double.IsNaN(metrics.F1));
    }

    [Fact]
    public void Metric_text_prints_na_for_undefined_values()
    {
        Assert.Equal("n/a", MetricText.Format(double.NaN));
        Assert.Equal("n/a", MetricText.Percent(double.NaN));
        Assert.Equal("0.250", MetricText.Format(0.25));
        Assert.Equal("25.00", MetricText.Percent(0.25));
    }

    [Fact]
    public void Json_output_writes_undefined_metrics_as_null_and_reads_them_back_as_nan()
    {
        var summary = DetectionSummary.From(DetectionMetrics.Compute([0.1f, 0.2f], [false, false], 0.5f), 0.5f, 2, 0.15);
        string json = JsonSerializer.Serialize(summary, ExperimentOutputWriter.JsonOptions);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("f1").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("prAuc").ValueKind);
        Assert.Equal(0.0, doc.RootElement.GetProperty("falseAlarmRate").GetDouble());
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<DetectionSummary>(json, ExperimentOutputWriter.JsonOptions)!;
        Assert.True(double.IsNaN(back.F1));
    }
}
