using FedAspire.Core.Federation;

namespace FedAspire.Aggregator.Registry;

/// <summary>Where global model versions and round history live: an embedded on-disk store now, MongoDB behind the same interface later.</summary>
public interface IModelRegistry
{
    /// <summary>Stores a version (its document and ONNX export); saving the same version again replaces it.</summary>
    Task SaveVersionAsync(GlobalModelVersion version, CancellationToken cancellationToken = default);

    /// <summary>The highest version of <paramref name="federation"/>, or null when none was published.</summary>
    Task<GlobalModelVersion?> GetLatestAsync(string federation, CancellationToken cancellationToken = default);

    /// <summary>A specific version, or null.</summary>
    Task<GlobalModelVersion?> GetVersionAsync(string federation, long version, CancellationToken cancellationToken = default);

    /// <summary>Appends a round to the federation's history.</summary>
    Task SaveRoundAsync(RoundRecord round, CancellationToken cancellationToken = default);

    /// <summary>The federation's rounds in the order they were saved.</summary>
    Task<IReadOnlyList<RoundRecord>> ListRoundsAsync(string federation, CancellationToken cancellationToken = default);
}
