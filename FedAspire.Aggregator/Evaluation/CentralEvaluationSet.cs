namespace FedAspire.Aggregator.Evaluation;

/// <summary>A server-side labelled evaluation set: raw windows (NaN where missing), their mask and per-window anomaly labels.</summary>
public sealed record CentralEvaluationSet(float[] Raw, float[] Mask, bool[] Labels)
{
    /// <summary>Number of windows.</summary>
    public int Count => Labels.Length;
}
