using System.Buffers.Binary;
using FedAspire.Core.Onnx.Proto;
using Google.Protobuf;

namespace FedAspire.Core.Onnx;

/// <summary>Assembles an ONNX <see cref="GraphProto"/>: typed inputs and outputs, float and int64 initializers, and nodes with attributes.</summary>
/// <remarks>
/// Every value gets a unique name; nodes are appended in the order they are added, which must already be topological
/// (ONNX requires it, and building the graph by data flow guarantees it).
/// </remarks>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto graph;
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private int nodeCount;

    /// <summary>Starts an empty graph.</summary>
    public OnnxGraphBuilder(string name, string docString)
    {
        graph = new GraphProto { Name = name, DocString = docString };
    }

    /// <summary>A dimension of fixed size.</summary>
    public static TensorShapeProto.Types.Dimension Fixed(long size) => new() { DimValue = size };

    /// <summary>A named dimension whose size is chosen at run time (e.g. the batch).</summary>
    public static TensorShapeProto.Types.Dimension Symbolic(string name) => new() { DimParam = name };

    /// <summary>An INT attribute.</summary>
    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An INTS attribute.</summary>
    public static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A graph input of element type float.</summary>
    public void AddFloatInput(string name, params TensorShapeProto.Types.Dimension[] shape) =>
        graph.Input.Add(FloatValueInfo(Reserve(name), shape));

    /// <summary>Declares an existing value as a graph output of element type float.</summary>
    public void AddFloatOutput(string name, params TensorShapeProto.Types.Dimension[] shape)
    {
        if (!names.Contains(name)) throw new InvalidOperationException($"Graph output '{name}' is not produced by any node.");
        graph.Output.Add(FloatValueInfo(name, shape));
    }

    /// <summary>
    /// Adds a float constant that is also a graph input (an overridable initializer, IR 4 and later): a caller may feed its own value
    /// under the same name, and one that does not gets the stored default.
    /// </summary>
    public string AddOverridableInitializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values)
    {
        string added = AddInitializer(name, dims, values);
        var shape = new TensorShapeProto.Types.Dimension[dims.Length];
        for (int i = 0; i < dims.Length; i++) shape[i] = Fixed(dims[i]);
        graph.Input.Add(FloatValueInfo(added, shape));
        return added;
    }

    /// <summary>Adds a float constant with the given dimensions (empty = scalar), stored little-endian in raw_data.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values)
    {
        CheckElementCount(name, dims, values.Length);
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return AddTensor(name, dims, TensorProto.Types.DataType.Float, bytes);
    }

    /// <summary>Adds an int64 constant (shapes, axes) with the given dimensions.</summary>
    public string AddInt64Initializer(string name, ReadOnlySpan<long> dims, ReadOnlySpan<long> values)
    {
        CheckElementCount(name, dims, values.Length);
        var bytes = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        return AddTensor(name, dims, TensorProto.Types.DataType.Int64, bytes);
    }

    /// <summary>Appends a node of the default ONNX domain and returns the name of its single output.</summary>
    /// <param name="opType">The operator, e.g. "Gemm".</param>
    /// <param name="inputs">Names of existing values, in the operator's input order.</param>
    /// <param name="output">Name of the output; null picks a unique "{opType}_{n}".</param>
    /// <param name="attributes">The operator's attributes.</param>
    public string AddNode(string opType, IReadOnlyList<string> inputs, string? output = null, params AttributeProto[] attributes)
    {
        foreach (var input in inputs)
            if (!names.Contains(input)) throw new InvalidOperationException($"{opType} node reads '{input}', which is not defined yet.");
        int id = nodeCount++;
        output = Reserve(output ?? $"{opType}_{id}");
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{id}", Domain = "" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return output;
    }

    /// <summary>The finished graph.</summary>
    public GraphProto Build() => graph;

    private string AddTensor(string name, ReadOnlySpan<long> dims, TensorProto.Types.DataType type, byte[] bytes)
    {
        var tensor = new TensorProto { Name = Reserve(name), DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        foreach (var d in dims) tensor.Dims.Add(d);
        graph.Initializer.Add(tensor);
        return name;
    }

    private string Reserve(string name)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("ONNX value names must not be empty.", nameof(name));
        if (!names.Add(name)) throw new InvalidOperationException($"The value name '{name}' is already used in this graph.");
        return name;
    }

    private static void CheckElementCount(string name, ReadOnlySpan<long> dims, int count)
    {
        long expected = 1;
        foreach (var d in dims) expected *= d;
        if (expected != count) throw new ArgumentException($"Initializer '{name}': dimensions hold {expected} elements but {count} values were given.");
    }

    private static ValueInfoProto FloatValueInfo(string name, TensorShapeProto.Types.Dimension[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var d in shape) tensorShape.Dim.Add(d.Clone());
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape },
            },
        };
    }
}
