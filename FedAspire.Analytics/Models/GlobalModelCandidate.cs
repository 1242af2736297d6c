namespace FedAspire.Analytics.Models;

/// <summary>A global model version offered by a source: its version number as the source knows it and its ONNX export.</summary>
public sealed record GlobalModelCandidate(long Version, byte[] Onnx, string Origin);
