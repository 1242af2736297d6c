namespace FedAspire.Core.Data;

/// <summary>The label column of a <see cref="SensorTable"/>: its name, the label texts by code, and which codes count as anomalous.</summary>
/// <param name="ColumnName">Name of the label column as written to CSV (e.g. <c>machine_status</c>).</param>
/// <param name="Names">Label text per code; code = index.</param>
/// <param name="Anomalous">Per code: true when rows with this label count as anomalous for evaluation.</param>
public sealed record LabelScheme(string ColumnName, IReadOnlyList<string> Names, IReadOnlyList<bool> Anomalous)
{
    /// <summary>The Kaggle pump schema: NORMAL is normal, RECOVERING and BROKEN are anomalous for evaluation.</summary>
    public static LabelScheme PumpStatus { get; } = new("machine_status", ["NORMAL", "RECOVERING", "BROKEN"], [false, true, true]);

    /// <summary>Binary labels written as 0/1 (SKAB's <c>anomaly</c> column): code 1 is anomalous.</summary>
    public static LabelScheme Binary(string columnName) => new(columnName, ["0", "1"], [false, true]);

    /// <summary>Code of a label text, or -1 when unknown (case-sensitive, ordinal).</summary>
    public int CodeOf(string name)
    {
        for (int i = 0; i < Names.Count; i++) if (string.Equals(Names[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }
}
