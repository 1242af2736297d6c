using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FedAspire.Core.Learning.Network;

/// <summary>A zeroed float array on the pinned object heap with its fixed address, so kernels index it without bounds checks or pinning per call.</summary>
internal sealed unsafe class PinnedBuffer
{
    /// <summary>Allocates <paramref name="length"/> zeroed floats.</summary>
    public PinnedBuffer(int length)
    {
        Array = GC.AllocateArray<float>(Math.Max(length, 1), pinned: true);
        Pointer = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Array));
    }

    /// <summary>The managed array (kept alive by this object).</summary>
    public float[] Array { get; }

    /// <summary>Address of element 0; valid for the lifetime of this object.</summary>
    public float* Pointer { get; }

    /// <summary>The buffer as a span.</summary>
    public Span<float> Span => Array;
}
