namespace FedAspire.Core.Data.Readers;

/// <summary>A SKAB facility (<c>valve1</c>, <c>valve2</c> or <c>other</c>): its experiments and their concatenated train and test parts.</summary>
/// <param name="Name">Facility name (the SKAB folder).</param>
/// <param name="Experiments">Experiments in numeric file order.</param>
public sealed record SkabFacility(string Name, IReadOnlyList<SkabExperiment> Experiments)
{
    /// <summary>All training rows, experiment by experiment (source ids name the files).</summary>
    public SensorTable Train => SensorTable.Concat(Experiments.Select(e => e.Train).ToArray());

    /// <summary>All test rows, experiment by experiment (source ids name the files).</summary>
    public SensorTable Test => SensorTable.Concat(Experiments.Select(e => e.Test).ToArray());

    /// <summary>Training rows over all experiments.</summary>
    public int TrainRowCount => Experiments.Sum(e => e.TrainRows.Length);

    /// <summary>Test rows over all experiments.</summary>
    public int TestRowCount => Experiments.Sum(e => e.TestRows.Length);
}
