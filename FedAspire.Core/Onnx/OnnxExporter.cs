using System.Globalization;
using System.Reflection;
using System.Text.Json;
using FedAspire.Core.Federation;
using FedAspire.Core.Learning;
using FedAspire.Core.Onnx.Proto;
using Google.Protobuf;

namespace FedAspire.Core.Onnx;

/// <summary>
/// Exports a FedAspire autoencoder (spec + parameter vector + normalization) as a self-contained ONNX model that scores raw sensor data.
/// </summary>
/// <remarks>
/// Graph contract (docs/onnx.md has the full text):
/// <list type="bullet">
/// <item>Inputs <c>input</c> and <c>mask</c>, float, shape [batch, F] when Window == 1, else [batch, Window, F] (time-major).
/// mask 1 = observed, 0 = missing (a value counts as observed when mask &gt; 0.5); input may be NaN where the mask is 0.</item>
/// <item>Normalization inside the graph: z = Where(mask &gt; 0.5, (x - mean) / scale, 0), scale = <see cref="FeatureNormalization.Scale"/>;
/// Where (not a product with the mask) keeps NaN at missing positions out of every later value. <c>normalization.mean</c> and
/// <c>normalization.scale</c> [F] are overridable initializers: a scorer feeds a device's or facility's own statistics (local
/// normalization), and one that feeds nothing gets the exported ones.</item>
/// <item>Layers with weights copied verbatim from the parameter vector per <see cref="ParameterLayout"/>: Dense → Gemm (transB = 1) over the
/// flattened sample [batch, Window·F]; Conv1d → Conv, ConvTranspose1d → ConvTranspose over [batch, channels = F, length = Window]
/// (Transpose in and out); activations Relu, Tanh, Sigmoid, none for Identity.</item>
/// <item>Outputs <c>reconstruction</c> = r · scale + mean (raw units, the input's shape) and <c>score</c> [batch] =
/// Σ m (r - z)² / max(Σ m, 1) over every value of the sample, in normalized space, m the binarized mask.</item>
/// </list>
/// The file declares IR version <see cref="IrVersion"/> and default-domain opset <see cref="Opset"/>.
/// </remarks>
public static class OnnxExporter
{
    /// <summary>ONNX IR version written (8 = ONNX 1.10 to 1.12, the newest Debian 12's onnx checker accepts).</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain opset written: 17 is the newest both ONNX Runtime 1.31 and Debian 12's onnx 1.12 checker accept.</summary>
    public const long Opset = 17;

    /// <summary>Value of the producer metadata and of ModelProto.producer_name.</summary>
    public const string ProducerName = "FedAspire";

    /// <summary>ModelProto.domain of exported models.</summary>
    public const string ModelDomain = "ai.fedaspire";

    /// <summary>Exports the model and returns the serialized ONNX bytes.</summary>
    /// <exception cref="ArgumentException">The spec is invalid, the parameter count or normalization width does not match it,
    /// a parameter or mean is not finite, or the metadata is incomplete.</exception>
    public static byte[] Export(ModelSpec spec, ReadOnlySpan<float> parameters, FeatureNormalization normalization, OnnxExportMetadata metadata) =>
        BuildModel(spec, parameters, normalization, metadata).ToByteArray();

    /// <summary>Exports the model into <paramref name="destination"/>.</summary>
    public static void Export(ModelSpec spec, ReadOnlySpan<float> parameters, FeatureNormalization normalization, OnnxExportMetadata metadata, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var model = BuildModel(spec, parameters, normalization, metadata);
        model.WriteTo(destination);
    }

    /// <summary>Exports the model to the file at <paramref name="path"/>, replacing it.</summary>
    public static void ExportToFile(ModelSpec spec, ReadOnlySpan<float> parameters, FeatureNormalization normalization, OnnxExportMetadata metadata, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var model = BuildModel(spec, parameters, normalization, metadata);
        using var file = File.Create(path);
        model.WriteTo(file);
    }

    internal static ModelProto BuildModel(ModelSpec spec, ReadOnlySpan<float> parameters, FeatureNormalization normalization, OnnxExportMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentNullException.ThrowIfNull(metadata);
        var layout = new ParameterLayout(spec);
        CheckParameters(layout, parameters);
        CheckNormalization(spec, normalization);
        CheckMetadata(metadata);

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            Domain = ModelDomain,
            ModelVersion = metadata.Version,
            DocString = $"FedAspire anomaly detector of federation '{metadata.Federation}', version {metadata.Version} (round {metadata.Round}).",
            Graph = BuildGraph(layout, parameters, normalization, metadata),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in MetadataProperties(spec, metadata))
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private static GraphProto BuildGraph(ParameterLayout layout, ReadOnlySpan<float> parameters, FeatureNormalization normalization, OnnxExportMetadata metadata)
    {
        var spec = layout.Spec;
        int features = spec.FeatureCount, window = spec.Window;
        var g = new OnnxGraphBuilder(
            $"fedaspire_{metadata.Federation}_v{metadata.Version}",
            "Inputs: input, mask [batch, F] or [batch, Window, F]. Outputs: reconstruction (raw units), score [batch] (masked MSE in normalized space).");

        var sampleShape = window == 1
            ? new[] { OnnxGraphBuilder.Symbolic(OnnxGraphNames.BatchDimension), OnnxGraphBuilder.Fixed(features) }
            : new[] { OnnxGraphBuilder.Symbolic(OnnxGraphNames.BatchDimension), OnnxGraphBuilder.Fixed(window), OnnxGraphBuilder.Fixed(features) };
        g.AddFloatInput(OnnxGraphNames.Input, sampleShape);
        g.AddFloatInput(OnnxGraphNames.Mask, sampleShape);

        var scales = new float[features];
        for (int f = 0; f < features; f++) scales[f] = normalization.Scale(f);
        // [F] broadcasts over the last axis of both input ranks.
        // Overridable: under local normalization every participant and device feeds its own statistics; the stored values are the default.
        string mean = g.AddOverridableInitializer(OnnxGraphNames.NormalizationMean, [features], normalization.Mean);
        string scale = g.AddOverridableInitializer(OnnxGraphNames.NormalizationScale, [features], scales);
        string zero = g.AddInitializer("zero", [], [0f]);
        string half = g.AddInitializer("half", [], [0.5f]);
        string one = g.AddInitializer("one", [], [1f]);

        string observed = g.AddNode("Greater", [OnnxGraphNames.Mask, half], "observed");
        string centered = g.AddNode("Sub", [OnnxGraphNames.Input, mean], "centered");
        string standardized = g.AddNode("Div", [centered, scale], "standardized");
        // Where, not standardized * mask: NaN * 0 is NaN, so a product would leak missing raw values into every output.
        string z = g.AddNode("Where", [observed, standardized, zero], "normalized");

        string r = spec.IsConvolutional
            ? AddConvolutionalBody(g, layout, parameters, z)
            : AddDenseBody(g, layout, parameters, z);

        string scaled = g.AddNode("Mul", [r, scale], "reconstruction.scaled");
        g.AddNode("Add", [scaled, mean], OnnxGraphNames.Reconstruction);

        // score = sum(m (r - z)^2) / max(sum(m), 1) over all values of a sample.
        string weight = g.AddNode("Cast", [observed], "observed.weight", OnnxGraphBuilder.IntAttribute("to", (long)TensorProto.Types.DataType.Float));
        string error = g.AddNode("Sub", [r, z], "error");
        string squared = g.AddNode("Mul", [error, error], "error.squared");
        string masked = g.AddNode("Mul", [squared, weight], "error.masked");
        string axes = window == 1 ? g.AddInt64Initializer("sample.axes", [1], [1L]) : g.AddInt64Initializer("sample.axes", [2], [1L, 2L]);
        var dropAxes = OnnxGraphBuilder.IntAttribute("keepdims", 0);
        string errorSum = g.AddNode("ReduceSum", [masked, axes], "error.sum", dropAxes);
        string observedCount = g.AddNode("ReduceSum", [weight, axes], "observed.count", dropAxes);
        string denominator = g.AddNode("Max", [observedCount, one], "observed.count.atleast1");
        g.AddNode("Div", [errorSum, denominator], OnnxGraphNames.Score);

        g.AddFloatOutput(OnnxGraphNames.Reconstruction, sampleShape);
        g.AddFloatOutput(OnnxGraphNames.Score, OnnxGraphBuilder.Symbolic(OnnxGraphNames.BatchDimension));
        return g.Build();
    }

    private static string AddDenseBody(OnnxGraphBuilder g, ParameterLayout layout, ReadOnlySpan<float> parameters, string z)
    {
        bool windowed = layout.Spec.Window > 1;
        string h = windowed ? g.AddNode("Flatten", [z], "normalized.flat", OnnxGraphBuilder.IntAttribute("axis", 1)) : z;
        foreach (var layer in layout.Layers)
        {
            string prefix = $"layer{layer.Index}";
            string w = g.AddInitializer($"{prefix}.weight", [layer.OutputSize, layer.InputSize], parameters.Slice(layer.WeightOffset, layer.WeightCount));
            string b = g.AddInitializer($"{prefix}.bias", [layer.BiasCount], parameters.Slice(layer.BiasOffset, layer.BiasCount));
            // The parameter vector stores W as [out, in], so Gemm computes h · Wᵀ + b with transB = 1.
            h = g.AddNode("Gemm", [h, w, b], $"{prefix}.gemm", OnnxGraphBuilder.IntAttribute("transB", 1));
            h = AddActivation(g, layer.Spec.Activation, h, prefix);
        }
        if (!windowed) return h;
        string shape = g.AddNode("Shape", [OnnxGraphNames.Input], "input.shape");
        return g.AddNode("Reshape", [h, shape], "reconstruction.normalized");
    }

    private static string AddConvolutionalBody(OnnxGraphBuilder g, ParameterLayout layout, ReadOnlySpan<float> parameters, string z)
    {
        // A sample is time-major [Window, F]; convolutions read [channels = F, length = Window].
        bool single = layout.Spec.Window == 1;
        string? lengthAxis = single ? g.AddInt64Initializer("length.axis", [1], [2L]) : null;
        string h = lengthAxis is not null
            ? g.AddNode("Unsqueeze", [z, lengthAxis], "normalized.channels")
            : g.AddNode("Transpose", [z], "normalized.channels", OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 1));
        foreach (var layer in layout.Layers)
        {
            var l = layer.Spec;
            string prefix = $"layer{layer.Index}";
            bool transpose = l.Kind == LayerKind.ConvTranspose1d;
            // Conv1d weight [outC, inC, k]; ConvTranspose1d weight [inC, outC, k]: both are ONNX's own layouts.
            long[] weightDims = transpose
                ? [layer.InputChannels, layer.OutputChannels, l.Kernel]
                : [layer.OutputChannels, layer.InputChannels, l.Kernel];
            string w = g.AddInitializer($"{prefix}.weight", weightDims, parameters.Slice(layer.WeightOffset, layer.WeightCount));
            string b = g.AddInitializer($"{prefix}.bias", [layer.BiasCount], parameters.Slice(layer.BiasOffset, layer.BiasCount));
            var attributes = new List<AttributeProto>
            {
                OnnxGraphBuilder.IntsAttribute("kernel_shape", l.Kernel),
                OnnxGraphBuilder.IntsAttribute("strides", l.Stride),
                OnnxGraphBuilder.IntsAttribute("pads", l.Padding, l.Padding),
                OnnxGraphBuilder.IntsAttribute("dilations", 1),
                OnnxGraphBuilder.IntAttribute("group", 1),
            };
            if (transpose) attributes.Add(OnnxGraphBuilder.IntsAttribute("output_padding", l.OutputPadding));
            h = g.AddNode(transpose ? "ConvTranspose" : "Conv", [h, w, b], $"{prefix}.{(transpose ? "convtranspose" : "conv")}", [.. attributes]);
            h = AddActivation(g, l.Activation, h, prefix);
        }
        return lengthAxis is not null
            ? g.AddNode("Squeeze", [h, lengthAxis], "reconstruction.normalized")
            : g.AddNode("Transpose", [h], "reconstruction.normalized", OnnxGraphBuilder.IntsAttribute("perm", 0, 2, 1));
    }

    private static string AddActivation(OnnxGraphBuilder g, Activation activation, string h, string prefix) => activation switch
    {
        Activation.Identity => h,
        Activation.Relu => g.AddNode("Relu", [h], $"{prefix}.relu"),
        Activation.Tanh => g.AddNode("Tanh", [h], $"{prefix}.tanh"),
        Activation.Sigmoid => g.AddNode("Sigmoid", [h], $"{prefix}.sigmoid"),
        _ => throw new ArgumentException($"{prefix}: activation {activation} has no ONNX mapping."),
    };

    private static IEnumerable<(string Key, string Value)> MetadataProperties(ModelSpec spec, OnnxExportMetadata metadata)
    {
        var invariant = CultureInfo.InvariantCulture;
        yield return (OnnxMetadataKeys.Producer, ProducerName);
        yield return (OnnxMetadataKeys.Federation, metadata.Federation);
        yield return (OnnxMetadataKeys.Version, metadata.Version.ToString(invariant));
        yield return (OnnxMetadataKeys.Round, metadata.Round.ToString(invariant));
        yield return (OnnxMetadataKeys.FeatureNames, JsonSerializer.Serialize(spec.Features, ModelSpecJson.Options));
        yield return (OnnxMetadataKeys.Window, spec.Window.ToString(invariant));
        yield return (OnnxMetadataKeys.Threshold, metadata.Threshold.ToString("R", invariant));
        yield return (OnnxMetadataKeys.ModelSpec, ModelSpecJson.Serialize(spec));
        if (metadata.Calibration is { } calibration)
        {
            yield return (OnnxMetadataKeys.Normalization, calibration.Normalization == NormalizationMode.Local ? "local" : "global");
            yield return (OnnxMetadataKeys.FalseAlarmTarget, calibration.FalseAlarmTarget.ToString("R", invariant));
            // Sorted by id, numbers as JSON numbers: the same calibration always gives the same bytes.
            var thresholds = new SortedDictionary<string, float>(StringComparer.Ordinal);
            foreach (var p in calibration.Participants) if (float.IsFinite(p.Threshold)) thresholds[p.ParticipantId] = p.Threshold;
            yield return (OnnxMetadataKeys.ParticipantThresholds, JsonSerializer.Serialize(thresholds, ModelSpecJson.Options));
        }
        if (metadata.Extra is null) yield break;
        // Sorted so the same inputs always give the same bytes.
        foreach (var (key, value) in metadata.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
            yield return (key, value);
    }

    private static void CheckParameters(ParameterLayout layout, ReadOnlySpan<float> parameters)
    {
        if (parameters.Length != layout.ParameterCount)
            throw new ArgumentException($"The spec needs {layout.ParameterCount} parameters but {parameters.Length} were given.", nameof(parameters));
        for (int i = 0; i < parameters.Length; i++)
        {
            if (float.IsFinite(parameters[i])) continue;
            var layer = layout.Layers.First(l => i < l.BiasOffset + l.BiasCount);
            string part = i < layer.BiasOffset ? "weight" : "bias";
            throw new ArgumentException($"Parameter {i} (layer {layer.Index} {part}) is {parameters[i]}; only finite parameters can be exported.", nameof(parameters));
        }
    }

    private static void CheckNormalization(ModelSpec spec, FeatureNormalization normalization)
    {
        if (normalization.Mean is null || normalization.Std is null)
            throw new ArgumentException("The normalization needs both Mean and Std.", nameof(normalization));
        if (normalization.Mean.Length != normalization.Std.Length)
            throw new ArgumentException($"The normalization has {normalization.Mean.Length} means but {normalization.Std.Length} standard deviations.", nameof(normalization));
        if (normalization.FeatureCount != spec.FeatureCount)
            throw new ArgumentException($"The normalization covers {normalization.FeatureCount} features but the spec has {spec.FeatureCount}.", nameof(normalization));
        for (int f = 0; f < normalization.FeatureCount; f++)
            if (!float.IsFinite(normalization.Mean[f]))
                throw new ArgumentException($"The normalization mean of feature {f} ('{spec.Features[f]}') is {normalization.Mean[f]}.", nameof(normalization));
    }

    private static void CheckMetadata(OnnxExportMetadata metadata)
    {
        if (string.IsNullOrWhiteSpace(metadata.Federation))
            throw new ArgumentException("Export metadata needs a federation name.", nameof(metadata));
        if (metadata.Version < 0) throw new ArgumentException($"Model version {metadata.Version} is negative.", nameof(metadata));
        if (metadata.Round < 0) throw new ArgumentException($"Round {metadata.Round} is negative.", nameof(metadata));
        if (metadata.Extra is null) return;
        foreach (var (key, value) in metadata.Extra)
        {
            if (string.IsNullOrEmpty(key)) throw new ArgumentException("Extra metadata keys must not be empty.", nameof(metadata));
            if (OnnxMetadataKeys.Reserved.Contains(key))
                throw new ArgumentException($"Extra metadata key '{key}' is reserved for the exporter.", nameof(metadata));
            if (value is null) throw new ArgumentException($"Extra metadata '{key}' has no value.", nameof(metadata));
        }
    }

    private static readonly string ProducerVersion =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(OnnxExporter).Assembly.GetName().Version?.ToString()
        ?? "0";
}
