using Microsoft.ML.OnnxRuntime;

namespace FedAspire.Scoring;

/// <summary>
/// Reusable input/output buffers for one model shape: callers write samples straight into <see cref="Values"/> and <see cref="Mask"/>
/// ([capacity, window * features], time-major) and read <see cref="Scores"/>. Full batches reuse cached OrtValues (no allocation per run).
/// </summary>
public sealed class ScoringBatch : IDisposable
{
    private OrtValue[]? _fullInputs, _fullOutputs;
    private OrtValue[]? _identity;

    internal ScoringBatch(int capacity, int window, int features, bool windowed, bool standardized = false)
    {
        Standardized = standardized;
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        Window = window;
        Features = features;
        Windowed = windowed;
        Values = new float[capacity * SampleSize];
        Mask = new float[capacity * SampleSize];
        Scores = new float[capacity];
    }

    /// <summary>Largest number of samples.</summary>
    public int Capacity { get; }

    /// <summary>Time steps per sample.</summary>
    public int Window { get; }

    /// <summary>Features per time step.</summary>
    public int Features { get; }

    /// <summary>Values per sample.</summary>
    public int SampleSize => Window * Features;

    /// <summary>True when the model input is rank 3 ([N, W, F]) rather than rank 2 ([N, F]).</summary>
    internal bool Windowed { get; }

    /// <summary>
    /// True when callers write values already standardized with each device's own statistics (local normalization): the graph's
    /// normalization inputs are then fed the identity.
    /// </summary>
    public bool Standardized { get; }

    /// <summary>Sensor values [capacity, SampleSize] (raw, or standardized per device); anything (also NaN) where the mask is 0.</summary>
    public float[] Values { get; }

    /// <summary>Presence mask [capacity, SampleSize]: 1 observed, 0 missing.</summary>
    public float[] Mask { get; }

    /// <summary>Per-sample anomaly scores written by the scorer.</summary>
    public float[] Scores { get; }

    /// <summary>The sample's values, for filling.</summary>
    public Span<float> ValuesOf(int sample) => Values.AsSpan(sample * SampleSize, SampleSize);

    /// <summary>The sample's mask, for filling.</summary>
    public Span<float> MaskOf(int sample) => Mask.AsSpan(sample * SampleSize, SampleSize);

    /// <summary>Input tensors (input, mask) and output tensor (score) over the first <paramref name="count"/> samples; Owned = caller disposes.</summary>
    internal (OrtValue[] Inputs, OrtValue[] Outputs, bool Owned) Tensors(int count)
    {
        if (Standardized && _identity is null)
        {
            var scale = new float[Features];
            scale.AsSpan().Fill(1f);
            _identity = [OrtValue.CreateTensorValueFromMemory(new float[Features], [Features]), OrtValue.CreateTensorValueFromMemory(scale, [Features])];
        }
        if (count == Capacity)
        {
            // Full batches (the steady state) reuse the same tensors and arrays: no allocation per run.
            _fullInputs ??= [OrtValue.CreateTensorValueFromMemory(Values, Shape(count)), OrtValue.CreateTensorValueFromMemory(Mask, Shape(count)), .. _identity ?? []];
            _fullOutputs ??= [OrtValue.CreateTensorValueFromMemory(Scores, [count])];
            return (_fullInputs, _fullOutputs, false);
        }
        var info = OrtMemoryInfo.DefaultInstance;
        return ([OrtValue.CreateTensorValueFromMemory(info, Values.AsMemory(0, count * SampleSize), Shape(count)),
                 OrtValue.CreateTensorValueFromMemory(info, Mask.AsMemory(0, count * SampleSize), Shape(count)), .. _identity ?? []],
                [OrtValue.CreateTensorValueFromMemory(info, Scores.AsMemory(0, count), [count])],
                true);
    }

    /// <summary>True for the identity normalization tensors, which the batch owns even when a run's other tensors are the caller's to dispose.</summary>
    internal bool OwnsTensor(OrtValue value) => _identity is { } identity && (ReferenceEquals(value, identity[0]) || ReferenceEquals(value, identity[1]));

    private long[] Shape(int count) => Windowed ? [count, Window, Features] : [count, Features];

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var value in _fullInputs ?? []) if (!OwnsTensor(value)) value.Dispose();
        foreach (var value in _fullOutputs ?? []) value.Dispose();
        foreach (var value in _identity ?? []) value.Dispose();
        _fullInputs = _fullOutputs = _identity = null;
    }
}
