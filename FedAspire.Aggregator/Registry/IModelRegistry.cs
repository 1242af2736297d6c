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

    /// <summary>The whole history in the order it was saved (a full read: tools and tests; the API pages with <see cref="ReadRoundsAsync"/>).</summary>
    Task<IReadOnlyList<RoundRecord>> ListRoundsAsync(string federation, CancellationToken cancellationToken = default);
}
