using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FedAspire.Aggregator.Scoring;

/// <summary>
/// Scores raw windows with a global model's ONNX export through ONNX Runtime (normalization and masking happen inside the graph),
/// exactly as the analytics service and remote clients do.
/// </summary>
public sealed class OnnxScorer : IDisposable
{
    private const int Chunk = 4096;
    private readonly InferenceSession _session;
    private readonly ModelSpec _spec;
    private readonly int _inputRank;

    /// <summary>Loads the model (single-threaded: many grains score side by side).</summary>
    public OnnxScorer(byte[] onnxModel, ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        _spec = spec ?? throw new ArgumentNullException(nameof(spec));
        // Errors only: the export's normalization inputs are overridable on purpose, and ONNX Runtime warns about them on every
        // session (two lines per evaluation and participant), which buried each silo's console in the Aspire dashboard.
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        _session = new InferenceSession(onnxModel, options);
        if (!_session.InputMetadata.TryGetValue(OnnxGraphNames.Input, out var input) || !_session.InputMetadata.ContainsKey(OnnxGraphNames.Mask)
            || !_session.OutputMetadata.ContainsKey(OnnxGraphNames.Score))
            throw new ArgumentException("The ONNX model must have inputs 'input' and 'mask' and an output 'score'.", nameof(onnxModel));
        _inputRank = input.Dimensions.Length;
    }

    /// <summary>
    /// Scores <paramref name="count"/> windows of raw values (NaN where <paramref name="mask"/> is 0), standardized with
    /// <paramref name="normalization"/> when given (a participant's own statistics), else with the statistics stored in the export.
    /// </summary>
    public float[] Score(ReadOnlySpan<float> raw, ReadOnlySpan<float> mask, int count, FeatureNormalization? normalization = null)
    {
        int size = _spec.InputSize;
        if (raw.Length != count * size || mask.Length != raw.Length)
            throw new ArgumentException($"Expected {count} x {size} raw and mask values, got {raw.Length} and {mask.Length}.");
        if (normalization is not null && normalization.FeatureCount != _spec.FeatureCount)
            throw new ArgumentException($"Normalization of {normalization.FeatureCount} features for a model of {_spec.FeatureCount}.", nameof(normalization));
        var names = normalization is null
            ? new[] { OnnxGraphNames.Input, OnnxGraphNames.Mask }
            : [OnnxGraphNames.Input, OnnxGraphNames.Mask, OnnxGraphNames.NormalizationMean, OnnxGraphNames.NormalizationScale];
        float[] mean = [], scale = [];
        if (normalization is not null)
        {
            mean = normalization.Mean;
            scale = new float[_spec.FeatureCount];
            for (int f = 0; f < scale.Length; f++) scale[f] = normalization.Scale(f);
        }
        var scores = new float[count];
        for (int start = 0; start < count; start += Chunk)
        {
            int n = Math.Min(Chunk, count - start);
            var x = raw.Slice(start * size, n * size).ToArray();
            var m = mask.Slice(start * size, n * size).ToArray();
            // Missing values are NaN in raw data; the graph multiplies by the mask, and NaN * 0 is still NaN.
            for (int i = 0; i < x.Length; i++) if (m[i] == 0f || !float.IsFinite(x[i])) { x[i] = 0f; m[i] = 0f; }
            long[] shape = _inputRank == 3 ? [n, _spec.Window, _spec.FeatureCount] : [n, size];
            using var input = OrtValue.CreateTensorValueFromMemory(x, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(m, shape);
            using var meanValue = normalization is null ? null : OrtValue.CreateTensorValueFromMemory(mean, [mean.Length]);
            using var scaleValue = normalization is null ? null : OrtValue.CreateTensorValueFromMemory(scale, [scale.Length]);
            OrtValue[] values = normalization is null ? [input, maskValue] : [input, maskValue, meanValue!, scaleValue!];
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, names, values, [OnnxGraphNames.Score]);
            outputs[0].GetTensorDataAsSpan<float>()[..n].CopyTo(scores.AsSpan(start, n));
        }
        return scores;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
