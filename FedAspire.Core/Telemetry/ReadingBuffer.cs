namespace FedAspire.Core.Telemetry;

/// <summary>
/// A device's bounded readings ordered by (time, sequence), with duplicate detection by sequence number: dense rows of
/// <see cref="Width"/> values in a ring, so storing a reading allocates nothing and evicting the oldest is a head move.
/// </summary>
/// <remarks>
/// Adding beyond <see cref="Capacity"/> evicts the oldest reading; a sequence number at or below the highest evicted one counts
/// as seen, so a redelivered old reading is not stored again. Storage grows by doubling up to the capacity.
/// </remarks>
public sealed class ReadingBuffer
{
    private const int InitialSlots = 16;

    private readonly HashSet<long> _held = [];
    private float[] _values = [];
    private long[] _sequences = [];
    private long[] _ticks = [];
    private int _head;
    private long _evictedThrough = long.MinValue;

    /// <summary>A buffer of up to <paramref name="capacity"/> readings of <paramref name="width"/> values each.</summary>
    public ReadingBuffer(int width, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Width = width;
        Capacity = capacity;
    }

    /// <summary>Values per reading.</summary>
    public int Width { get; }

    /// <summary>Most readings kept.</summary>
    public int Capacity { get; }

    /// <summary>Readings held.</summary>
    public int Count { get; private set; }

    private int Slots => _sequences.Length;

    /// <summary>Whether <paramref name="sequence"/> is held or was evicted (at or below the highest evicted sequence).</summary>
    public bool HasSeen(long sequence) => sequence <= _evictedThrough || _held.Contains(sequence);

    /// <summary>
    /// Stores <paramref name="row"/> (length <see cref="Width"/>) unless its sequence was seen; false for a duplicate. A reading
    /// older than everything in a full buffer counts as stored and evicted at once.
    /// </summary>
    public bool TryAdd(long sequence, long ticks, ReadOnlySpan<float> row)
    {
        if (row.Length != Width) throw new ArgumentException($"A row holds {Width} values, not {row.Length}.", nameof(row));
        if (sequence <= _evictedThrough || !_held.Add(sequence)) return false;
        if (Count == Capacity)
        {
            if (Compare(ticks, sequence, 0) < 0)
            {
                _held.Remove(sequence);
                _evictedThrough = Math.Max(_evictedThrough, sequence);
                return true;
            }
            EvictOldest();
        }
        if (Count == Slots) Grow();
        int at = Count;
        // Readings mostly arrive in order: check the newest before searching, then shift the newer rows up by one.
        if (Count > 0 && Compare(ticks, sequence, Count - 1) < 0)
        {
            int lo = 0, hi = Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (Compare(ticks, sequence, mid) >= 0) lo = mid + 1; else hi = mid;
            }
            at = lo;
            for (int i = Count; i > at; i--) Move(Physical(i - 1), Physical(i));
        }
        int slot = Physical(at);
        _sequences[slot] = sequence;
        _ticks[slot] = ticks;
        row.CopyTo(_values.AsSpan(slot * Width, Width));
        Count++;
        return true;
    }

    /// <summary>The held readings' values as rows [Count × Width], oldest first.</summary>
    public float[] ToRows() => CopyRowsInto(new float[Count * Width]);

    /// <summary>The sequence numbers held, oldest first.</summary>
    public long[] Sequences()
    {
        var sequences = new long[Count];
        for (int i = 0; i < Count; i++) sequences[i] = _sequences[Physical(i)];
        return sequences;
    }

    // Order by time, then sequence: negative when (ticks, sequence) sorts before the reading at logical position i.
    private int Compare(long ticks, long sequence, int i)
    {
        int slot = Physical(i);
        int byTime = ticks.CompareTo(_ticks[slot]);
        return byTime != 0 ? byTime : sequence.CompareTo(_sequences[slot]);
    }

    private int Physical(int logical)
    {
        int slot = _head + logical;
        return slot >= Slots ? slot - Slots : slot;
    }

    private void Move(int from, int to)
    {
        _sequences[to] = _sequences[from];
        _ticks[to] = _ticks[from];
        _values.AsSpan(from * Width, Width).CopyTo(_values.AsSpan(to * Width, Width));
    }

    private void EvictOldest()
    {
        long sequence = _sequences[_head];
        _held.Remove(sequence);
        _evictedThrough = Math.Max(_evictedThrough, sequence);
        _head = Physical(1);
        Count--;
    }

    private void Grow()
    {
        int slots = (int)Math.Min(Capacity, Math.Max(InitialSlots, 2L * Slots));
        var values = new float[slots * Width];
        var sequences = new long[slots];
        var ticks = new long[slots];
        // Unroll the ring so the new storage starts at slot 0.
        _values = CopyRowsInto(values);
        for (int i = 0; i < Count; i++)
        {
            int slot = Physical(i);
            sequences[i] = _sequences[slot];
            ticks[i] = _ticks[slot];
        }
        _sequences = sequences;
        _ticks = ticks;
        _head = 0;
    }

    private float[] CopyRowsInto(float[] into)
    {
        int firstRun = Math.Min(Count, Slots - _head);
        _values.AsSpan(_head * Width, firstRun * Width).CopyTo(into);
        _values.AsSpan(0, (Count - firstRun) * Width).CopyTo(into.AsSpan(firstRun * Width));
        return into;
    }
}
