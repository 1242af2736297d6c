namespace FedAspire.Analytics.Models;

/// <summary>
/// A global model version offered by a source: its identity (federation epoch, version number and payload fingerprint, so a
/// federation started over or a replaced file is a different model even under a lower or equal number), the version number as
/// the source knows it, and its ONNX export.
/// </summary>
public sealed record GlobalModelCandidate(string Identity, long Version, byte[] Onnx, string Origin);
