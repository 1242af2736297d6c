using FedAspire.Core.Learning;
using FedAspire.Core.Onnx;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace FedAspire.Scoring;

/// <summary>
/// Runs a FedAspire global model's ONNX export through ONNX Runtime (inputs <c>input</c>, <c>mask</c>, overridable
/// <c>normalization.mean</c>/<c>normalization.scale</c>; output <c>score</c>): the analytics service's streaming batches and the
/// grains' windows (federated and central evaluation, device scoring) alike, so every score in the system comes from one graph
/// run one way. Thread-safe: concurrent callers each use their own <see cref="ScoringBatch"/>.
/// </summary>
public sealed class OnnxScorer : IDisposable
{
    private static readonly string[] InputNames = [OnnxGraphNames.Input, OnnxGraphNames.Mask];
    // Under local normalization the batch holds values each device already standardized; the graph's normalization gets the identity.
    private static readonly string[] StandardizedInputNames = [OnnxGraphNames.Input, OnnxGraphNames.Mask, OnnxGraphNames.NormalizationMean, OnnxGraphNames.NormalizationScale];
    private static readonly string[] OutputNames = [OnnxGraphNames.Score];
    private const int WindowChunk = 4096;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly bool _windowed;

    /// <summary>Loads <paramref name="model"/> (ONNX bytes); <paramref name="intraOpThreads"/> threads per run (1 = scale out by batches, not threads).</summary>
    public OnnxScorer(byte[] model, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(1, intraOpThreads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // The normalization initializers are graph inputs on purpose (per-device statistics), which ONNX Runtime warns about.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            _session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load the model ({model.Length} bytes): {e.Message}", e);
        }
        try
        {
            Info = ScoringModelInfo.FromMetadata(_session.ModelMetadata.CustomMetadataMap);
            // Normalization inputs are overridable initializers (graph inputs with defaults), which ONNX Runtime lists apart.
            foreach (var name in Info.LocalNormalization ? StandardizedInputNames : InputNames)
                if (!_session.InputMetadata.ContainsKey(name) && !_session.OverridableInitializerMetadata.ContainsKey(name))
                    throw new InvalidDataException($"The ONNX model has no input '{name}'{(Info.LocalNormalization ? " (local normalization feeds each device's statistics to it)" : "")}.");
            if (!_session.OutputMetadata.ContainsKey(OutputNames[0])) throw new InvalidDataException($"The ONNX model has no output '{OnnxGraphNames.Score}'.");
            var rank = _session.InputMetadata[OnnxGraphNames.Input].Dimensions.Length;
            if (rank is not (2 or 3)) throw new InvalidDataException($"The ONNX input 'input' has rank {rank}; expected [N, F] or [N, W, F].");
            _windowed = rank == 3;
            if (!_windowed && Info.Window != 1) throw new InvalidDataException($"The model's window is {Info.Window} but its input is rank 2.");
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
    }

    /// <summary>Federation, version, features, window and threshold of the loaded model.</summary>
    public ScoringModelInfo Info { get; }

    /// <summary>New buffers for up to <paramref name="capacity"/> samples of this model's shape.</summary>
    public ScoringBatch CreateBatch(int capacity) => new(capacity, Info.Window, Info.Features.Count, _windowed, Info.LocalNormalization);

    /// <summary>Scores the first <paramref name="count"/> samples of <paramref name="batch"/> into <see cref="ScoringBatch.Scores"/>.</summary>
    public void Score(ScoringBatch batch, int count)
    {
        if (batch.Features != Info.Features.Count || batch.Window != Info.Window || batch.Windowed != _windowed || batch.Standardized != Info.LocalNormalization)
            throw new ArgumentException($"The batch was made for [{batch.Window} x {batch.Features}] samples; model v{Info.Version} reads [{Info.Window} x {Info.Features.Count}].", nameof(batch));
        if (count < 0 || count > batch.Capacity) throw new ArgumentOutOfRangeException(nameof(count), $"count {count} is outside 0..{batch.Capacity}.");
        if (count == 0) return;
        var (inputs, outputs, owned) = batch.Tensors(count);
        try
        {
            _session.Run(_runOptions, batch.Standardized ? StandardizedInputNames : InputNames, inputs, OutputNames, outputs);
        }
        finally
        {
            if (owned)
            {
                foreach (var value in inputs) if (!batch.OwnsTensor(value)) value.Dispose();
                foreach (var value in outputs) value.Dispose();
            }
        }
    }

    /// <summary>
    /// Scores <paramref name="count"/> windows of raw values ([count, window x features], time-major, NaN where <paramref name="mask"/>
    /// is 0), standardized with <paramref name="normalization"/> when given (a participant's own statistics), else with the statistics
    /// stored in the export.
    /// </summary>
    public float[] ScoreWindows(ReadOnlySpan<float> raw, ReadOnlySpan<float> mask, int count, FeatureNormalization? normalization = null)
    {
        int features = Info.Features.Count, size = Info.Window * features;
        if (raw.Length != count * size || mask.Length != raw.Length)
            throw new ArgumentException($"Expected {count} x {size} raw and mask values, got {raw.Length} and {mask.Length}.");
        if (normalization is not null && normalization.FeatureCount != features)
            throw new ArgumentException($"Normalization of {normalization.FeatureCount} features for a model of {features}.", nameof(normalization));
        float[] mean = [], scale = [];
        if (normalization is not null)
        {
            mean = normalization.Mean;
            scale = new float[features];
            for (int f = 0; f < scale.Length; f++) scale[f] = normalization.Scale(f);
        }
        var scores = new float[count];
        for (int start = 0; start < count; start += WindowChunk)
        {
            int n = Math.Min(WindowChunk, count - start);
            var x = raw.Slice(start * size, n * size).ToArray();
            var m = mask.Slice(start * size, n * size).ToArray();
            // Missing values are NaN in raw data; the graph selects by the mask, but a non-finite value must not reach it at all.
            for (int i = 0; i < x.Length; i++) if (m[i] == 0f || !float.IsFinite(x[i])) { x[i] = 0f; m[i] = 0f; }
            long[] shape = _windowed ? [n, Info.Window, features] : [n, size];
            using var input = OrtValue.CreateTensorValueFromMemory(x, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(m, shape);
            using var meanValue = normalization is null ? null : OrtValue.CreateTensorValueFromMemory(mean, [mean.Length]);
            using var scaleValue = normalization is null ? null : OrtValue.CreateTensorValueFromMemory(scale, [scale.Length]);
            OrtValue[] values = normalization is null ? [input, maskValue] : [input, maskValue, meanValue!, scaleValue!];
            using var outputs = _session.Run(_runOptions, normalization is null ? InputNames : StandardizedInputNames, values, OutputNames);
            outputs[0].GetTensorDataAsSpan<float>()[..n].CopyTo(scores.AsSpan(start, n));
        }
        return scores;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
