namespace FedAspire.Core.Data.Readers;

/// <summary>One SKAB experiment file with its benchmark split after defect handling.</summary>
/// <param name="Name">Facility-relative name, e.g. <c>other/2</c>.</param>
/// <param name="Path">The file read.</param>
/// <param name="Table">All rows of the file as read.</param>
/// <param name="TrainRows">Row indices (ascending) used as normal training data.</param>
/// <param name="TestRows">Row indices (ascending) of the test part.</param>
public sealed record SkabExperiment(string Name, string Path, SensorTable Table, int[] TrainRows, int[] TestRows)
{
    /// <summary>The training rows as a table (time order kept).</summary>
    public SensorTable Train => Table.SelectRows(TrainRows);

    /// <summary>The test rows as a table (time order kept).</summary>
    public SensorTable Test => Table.SelectRows(TestRows);
}
