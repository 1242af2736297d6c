namespace FedAspire.Core.Data.Readers;

/// <summary>Outcome of checking a pump sensor file against the Kaggle original's SHA-256.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the file.</param>
/// <param name="MatchesKaggleOriginal">True when the file is byte-identical to Kaggle's <c>sensor.csv</c>.</param>
public sealed record PumpChecksum(string Sha256, bool MatchesKaggleOriginal)
{
    /// <summary>A sentence for logs: whether the file is the verified original or another file in the same schema.</summary>
    public string Describe() => MatchesKaggleOriginal
        ? $"sha256 {Sha256}: verified, this is the Kaggle original (nphantawee/pump-sensor-data sensor.csv)"
        : $"sha256 {Sha256}: not the Kaggle original (expected {PumpSensorReader.KaggleSha256}); read as a file in the same schema";
}
