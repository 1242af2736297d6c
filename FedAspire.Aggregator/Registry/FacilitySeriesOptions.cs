namespace FedAspire.Aggregator.Registry;

/// <summary>Bounds of the per-facility metric series the registry keeps beside the round history, bound from <c>FedAspire:Registry:FacilitySeries</c>.</summary>
public sealed class FacilitySeriesOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "FedAspire:Registry:FacilitySeries";

    /// <summary>Rounds kept per facility: older points are dropped (reads never see more than this many; the disk holds at most about twice as many between compactions).</summary>
    public int RoundsPerFacility { get; set; } = 1000;

    /// <summary>Throws when a bound is not positive.</summary>
    public FacilitySeriesOptions Validate()
    {
        if (RoundsPerFacility < 1)
            throw new ArgumentOutOfRangeException(nameof(RoundsPerFacility), RoundsPerFacility, $"{Section}:RoundsPerFacility must be at least 1.");
        return this;
    }
}
