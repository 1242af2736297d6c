namespace FedAspire.Aggregator.Registry;

/// <summary>Bounds of the per-facility metric series the registry keeps beside the round history, bound from <c>FedAspire:Registry:FacilitySeries</c>.</summary>
public sealed class FacilitySeriesOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Registry:FacilitySeries";

    /// <summary>Rounds kept per facility: older points are dropped (reads never see more than this many; the disk holds at most about twice as many between compactions).</summary>
    public int RoundsPerFacility { get; set; } = 1000;

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the key when a bound is not positive (the silo prints it as one "fatal:" line).</summary>
    public FacilitySeriesOptions Validate()
    {
        if (RoundsPerFacility < 1)
            throw new InvalidOperationException($"{Section}:RoundsPerFacility: must be at least 1, got {RoundsPerFacility}.");
        return this;
    }
}
