using FedAspire.Core.Onnx;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace FedAspire.Analytics.Scoring;

/// <summary>
/// Scores batches of raw sensor samples with a FedAspire global model through ONNX Runtime (inputs <c>input</c>, <c>mask</c>;
/// output <c>score</c>). Thread-safe: concurrent callers each use their own <see cref="ScoringBatch"/>.
/// </summary>
public sealed class OnnxAnomalyScorer : IDisposable
{
    private static readonly string[] InputNames = [OnnxGraphNames.Input, OnnxGraphNames.Mask];
    private static readonly string[] OutputNames = [OnnxGraphNames.Score];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly bool _windowed;

    /// <summary>Loads <paramref name="model"/> (ONNX bytes); <paramref name="intraOpThreads"/> threads per run (1 = scale out by batches, not threads).</summary>
    public OnnxAnomalyScorer(byte[] model, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(1, intraOpThreads),
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // The export's normalization inputs are overridable on purpose; ONNX Runtime would warn about them on every model swap.
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
            foreach (var name in InputNames)
                if (!_session.InputMetadata.ContainsKey(name)) throw new InvalidDataException($"The ONNX model has no input '{name}'.");
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
    public ScoringBatch CreateBatch(int capacity) => new(capacity, Info.Window, Info.Features.Count, _windowed);

    /// <summary>Scores the first <paramref name="count"/> samples of <paramref name="batch"/> into <see cref="ScoringBatch.Scores"/>.</summary>
    public void Score(ScoringBatch batch, int count)
    {
        if (batch.Features != Info.Features.Count || batch.Window != Info.Window || batch.Windowed != _windowed)
            throw new ArgumentException($"The batch was made for [{batch.Window} x {batch.Features}] samples; model v{Info.Version} reads [{Info.Window} x {Info.Features.Count}].", nameof(batch));
        if (count < 0 || count > batch.Capacity) throw new ArgumentOutOfRangeException(nameof(count), $"count {count} is outside 0..{batch.Capacity}.");
        if (count == 0) return;
        var (inputs, outputs, owned) = batch.Tensors(count);
        try
        {
            _session.Run(_runOptions, InputNames, inputs, OutputNames, outputs);
        }
        finally
        {
            if (owned)
            {
                foreach (var value in inputs) value.Dispose();
                foreach (var value in outputs) value.Dispose();
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
