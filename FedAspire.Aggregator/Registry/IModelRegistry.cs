using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Registry;

/// <summary>Where global model versions and round history live: an embedded on-disk store, or MongoDB behind the same interface.</summary>
public interface IModelRegistry
{
    /// <summary>
    /// Publishes a version (document and ONNX export) under its number, stamped with the federation's epoch and its fingerprint.
    /// A number is published once, ever: saving it again with the same payload does nothing, with another payload throws
    /// <see cref="VersionConflictException"/>. The version becomes visible in one atomic step, after everything else landed.
    /// </summary>
    Task SaveVersionAsync(GlobalModelVersion version, CancellationToken cancellationToken = default);

    /// <summary>The highest version of <paramref name="federation"/>, or null when none was published.</summary>
    Task<GlobalModelVersion?> GetLatestAsync(string federation, CancellationToken cancellationToken = default);

    /// <summary>A specific version, or null.</summary>
    Task<GlobalModelVersion?> GetVersionAsync(string federation, long version, CancellationToken cancellationToken = default);

    /// <summary>
    /// The federation's epoch in this registry: a random id created with its first version, so a registry started over (deleted
    /// folder, dropped database) is told apart from the old one even when its version numbers restart.
    /// </summary>
    Task<string> GetEpochAsync(string federation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends a round to the history. Round ids grow: a round whose id is at or below the last recorded one is already in the
    /// history and is not written again, so re-appending after a failed attempt never duplicates a round.
    /// </summary>
    Task SaveRoundAsync(RoundRecord round, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="last"/> rounds with ids below <paramref name="before"/> (the newest when null), oldest first; the
    /// cost depends on the page, not on the length of the history. Corrupt or torn records are skipped and counted.
    /// </summary>
    Task<RoundPage> ReadRoundsAsync(string federation, int last, long? before = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds one round's points to each facility's metric series (<see cref="FacilityRoundPoint"/>), kept beside the round history and
    /// bounded to the newest <see cref="FacilitySeriesOptions.RoundsPerFacility"/> rounds per facility. A point whose round is at or
    /// below the facility's last recorded one is already there and is not written again, so re-saving after a failed attempt never
    /// duplicates a point.
    /// </summary>
    Task SaveFacilityRoundsAsync(string federation, IReadOnlyList<FacilityRoundPoint> points, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="last"/> points of <paramref name="facility"/>'s series with round ids below <paramref name="before"/> (the
    /// newest when null), oldest first, among the newest the registry keeps; empty for a facility without points.
    /// </summary>
    Task<FacilityRoundPage> ReadFacilityRoundsAsync(string federation, string facility, int last, long? before = null, CancellationToken cancellationToken = default);

    /// <summary>The whole history in the order it was saved (a full read: tools and tests; the API pages with <see cref="ReadRoundsAsync"/>).</summary>
    Task<IReadOnlyList<RoundRecord>> ListRoundsAsync(string federation, CancellationToken cancellationToken = default);
}
