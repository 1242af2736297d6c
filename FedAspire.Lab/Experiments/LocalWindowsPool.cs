using FedAspire.Core.Learning;

namespace FedAspire.Lab.Experiments;

/// <summary>All clients' windows pooled (what a centralized baseline sees), with the statistics of the underlying rows.</summary>
public sealed record LocalWindowsPool(float[] Raw, float[] Mask, bool[] Labels, int Count, NormalizationStatistics Statistics);
