namespace FedAspire.Lab.Experiments;

/// <summary>Where a scale run's grains live: one silo inside the lab (<see cref="ExperimentSilo"/>) or a cluster of silo processes.</summary>
public interface IScaleHost : IAsyncDisposable
{
    /// <summary>Grains of the silo or cluster, as the run calls them.</summary>
    IGrainFactory Grains { get; }
}
