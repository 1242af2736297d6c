using System.Globalization;
using System.Text;
using Confluent.Kafka;
using FedAspire.Core.Telemetry;

namespace FedAspire.Messaging;

/// <summary>
/// Writes refused telemetry to <c>telemetry-dlq</c>: the original key, a <see cref="DeadLetterCodec"/> envelope (reason, message, time
/// and the original payload) as the value, and the reason and message again as headers for tools that filter without parsing.
/// </summary>
public sealed class KafkaDeadLetterSink : ITelemetryDeadLetterSink, IDisposable
{
    private readonly IProducer<string?, byte[]> _producer;
    private readonly string _topic;

    /// <summary>A sink writing to <paramref name="topic"/>.</summary>
    public KafkaDeadLetterSink(KafkaSettings settings, string topic = TelemetryTopics.DeadLetter)
    {
        _producer = new ProducerBuilder<string?, byte[]>(settings.CreateProducerConfig()).Build();
        _topic = topic;
    }

    /// <inheritdoc/>
    public async ValueTask PublishAsync(string? key, ReadOnlyMemory<byte> payload, TelemetryRejection rejection, CancellationToken cancellationToken)
    {
        var letter = new DeadLetter(key, payload.ToArray(), rejection, DateTimeOffset.UtcNow);
        var headers = new Headers
        {
            { TelemetryTopics.ReasonHeader, Encoding.UTF8.GetBytes(rejection.Reason.ToString()) },
            { TelemetryTopics.MessageHeader, Encoding.UTF8.GetBytes(rejection.Message) },
            { "fedaspire-rejected-at", Encoding.UTF8.GetBytes(letter.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)) },
        };
        await _producer.ProduceAsync(_topic, new Message<string?, byte[]> { Key = key, Value = DeadLetterCodec.Encode(letter), Headers = headers }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
