namespace FedAspire.Core.Learning;

/// <summary>Scores <paramref name="count"/> raw windows (NaN where the mask is 0) standardized with <paramref name="normalization"/>.</summary>
public delegate void WindowScorer(ReadOnlySpan<float> raw, ReadOnlySpan<float> mask, int count, FeatureNormalization normalization, Span<float> scores);
