using FedAspire.Core.Federation;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>Makes chosen facility grains stop answering one step of a secure round (they throw, as a crashed facility's call would).</summary>
internal sealed class DropoutFilter : IIncomingGrainCallFilter
{
    private volatile string[] _dropping = [];

    /// <summary>The step (an <see cref="ISecureAggregationParticipant"/> method name) at which the facilities drop.</summary>
    public string Step { get; set; } = nameof(ISecureAggregationParticipant.MaskInputAsync);

    /// <summary>The facilities that drop from the next rounds on.</summary>
    public IReadOnlyList<string> Dropping
    {
        get => _dropping;
        set => _dropping = [.. value];
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.MethodName == Step && context.TargetId.Key.ToString() is { } id && _dropping.Contains(id, StringComparer.Ordinal))
            throw new InvalidOperationException($"{id} dropped out before {Step}.");
        return context.Invoke();
    }
}
