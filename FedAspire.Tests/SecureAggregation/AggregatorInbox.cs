using System.Collections.Concurrent;
using FedAspire.Aggregator.Grains;

namespace FedAspire.Tests.SecureAggregation;

/// <summary>
/// A grain call filter on every silo that records every message the aggregator grain receives: the arguments of calls made to it
/// and the results of the calls it makes (participants' answers). It also keeps the arguments the aggregator sends, so a test can
/// replay a participant's training.
/// </summary>
internal sealed class AggregatorInbox : IIncomingGrainCallFilter, IOutgoingGrainCallFilter
{
    /// <summary>(federation, method, message) of everything an aggregator grain received.</summary>
    public ConcurrentQueue<(string Federation, string Method, object? Message)> Received { get; } = new();

    /// <summary>(federation, method, argument) of everything an aggregator grain sent.</summary>
    public ConcurrentQueue<(string Federation, string Method, object? Argument)> Sent { get; } = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TargetContext.GrainInstance is AggregatorGrain)
        {
            string federation = context.TargetId.Key.ToString();
            for (int i = 0; i < context.Request.GetArgumentCount(); i++) Received.Enqueue((federation, context.MethodName, context.Request.GetArgument(i)));
        }
        await context.Invoke();
    }

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? federation = context.SourceContext?.GrainInstance is AggregatorGrain ? context.SourceId?.Key.ToString() : null;
        if (federation is not null)
            for (int i = 0; i < context.Request.GetArgumentCount(); i++) Sent.Enqueue((federation, context.MethodName, context.Request.GetArgument(i)));
        await context.Invoke();
        if (federation is not null) Received.Enqueue((federation, context.MethodName, context.Result));
    }
}
