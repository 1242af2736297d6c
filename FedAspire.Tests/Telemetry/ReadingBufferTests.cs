using FedAspire.Core.Telemetry;

namespace FedAspire.Tests.Telemetry;

[Trait("Area", "Topology")]
public sealed class ReadingBufferTests
{
    [Fact]
    public void Readings_stay_ordered_by_time_then_sequence_and_duplicates_are_refused()
    {
        var buffer = new ReadingBuffer(width: 2, capacity: 10);

        Assert.True(buffer.TryAdd(2, ticks: 20, [2, 2]));
        Assert.True(buffer.TryAdd(3, ticks: 30, [3, 3]));
        Assert.True(buffer.TryAdd(1, ticks: 10, [1, 1]));   // late
        Assert.True(buffer.TryAdd(4, ticks: 20, [4, 4]));   // same time as 2, later sequence
        Assert.False(buffer.TryAdd(3, ticks: 99, [9, 9]));  // seen

        Assert.Equal([1L, 2, 4, 3], buffer.Sequences());
        Assert.Equal([1f, 1, 2, 2, 4, 4, 3, 3], buffer.ToRows());
        Assert.True(buffer.HasSeen(4));
        Assert.False(buffer.HasSeen(5));
        Assert.Throws<ArgumentException>(() => buffer.TryAdd(5, 50, [1, 2, 3]));
    }

    [Fact]
    public void A_full_buffer_evicts_the_oldest_and_remembers_evicted_sequences_as_seen()
    {
        var buffer = new ReadingBuffer(width: 1, capacity: 3);
        for (long s = 1; s <= 5; s++) Assert.True(buffer.TryAdd(s, s * 10, [s]));

        Assert.Equal([3L, 4, 5], buffer.Sequences());
        Assert.False(buffer.TryAdd(2, 20, [2]));            // evicted: still a duplicate
        Assert.True(buffer.HasSeen(1));
        Assert.True(buffer.TryAdd(6, 1, [6]));              // older than everything held: stored and evicted at once
        Assert.Equal([3L, 4, 5], buffer.Sequences());
        Assert.True(buffer.HasSeen(6));
    }

    [Fact]
    public void Random_arrivals_match_a_sorted_list_that_inserts_then_evicts()
    {
        var random = new Random(7);
        const int capacity = 40, width = 3;
        var buffer = new ReadingBuffer(width, capacity);
        var reference = new List<(long Ticks, long Sequence)>();
        var seen = new HashSet<long>();
        long evictedThrough = long.MinValue;
        for (int step = 0; step < 2000; step++)
        {
            // Mostly in order, sometimes late, sometimes a repeat.
            long sequence = random.Next(10) switch { 0 => Math.Max(0, step - random.Next(60)), 1 => step - 1, _ => step };
            long ticks = sequence * 100 + (sequence % 7 == 0 ? -150 : 0);
            float[] row = [sequence, -sequence, sequence * 0.5f];

            bool expected = sequence > evictedThrough && seen.Add(sequence);
            if (expected)
            {
                int at = reference.FindLastIndex(r => r.Ticks < ticks || (r.Ticks == ticks && r.Sequence <= sequence)) + 1;
                reference.Insert(at, (ticks, sequence));
                if (reference.Count > capacity)
                {
                    seen.Remove(reference[0].Sequence);
                    evictedThrough = Math.Max(evictedThrough, reference[0].Sequence);
                    reference.RemoveAt(0);
                }
            }

            Assert.Equal(expected, buffer.TryAdd(sequence, ticks, row));
        }

        var sequences = buffer.Sequences();
        Assert.Equal(reference.Select(r => r.Sequence), sequences);
        var rows = buffer.ToRows();
        Assert.Equal(capacity * width, rows.Length);
        for (int i = 0; i < sequences.Length; i++)
            Assert.Equal([sequences[i], -sequences[i], sequences[i] * 0.5f], rows.AsSpan(i * width, width).ToArray());
    }
}
