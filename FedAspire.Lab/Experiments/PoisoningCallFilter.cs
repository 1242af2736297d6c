using System.Numerics.Tensors;
using FedAspire.Core.Data;
using FedAspire.Core.Federation;
using FedAspire.Devices.Scenarios;

namespace FedAspire.Lab.Experiments;

/// <summary>
/// Makes chosen participants lie in an experiment (<see cref="ScenarioPoisoning"/>): their facility grains train as usual, and this
/// filter rewrites the update they return before the aggregator sees it, as a compromised facility would. Deterministic by seed.
/// </summary>
public sealed class PoisoningCallFilter(ScenarioPoisoning attack, string[] attackers, int seed) : IIncomingGrainCallFilter
{
    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Invoke();
        if (context.Result is ParticipantUpdate { SampleCount: > 0 } update && context.Request.GetArgument(0) is RoundInstruction instruction
            && Array.IndexOf(attackers, update.ParticipantId) >= 0 && attack.Attack != "label-flip")
            context.Result = update with { Parameters = Poison(instruction.GlobalParameters, update.Parameters, update.ParticipantId, instruction.RoundId) };
    }

    /// <summary>The attacker's parameters: its honest change from <paramref name="global"/> scaled, flipped or replaced by a random one.</summary>
    public float[] Poison(float[] global, float[] honest, string participant, long round)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(honest);
        var change = new float[global.Length];
        TensorPrimitives.Subtract(honest, global, change);
        float factor = (float)attack.Factor;
        switch (attack.Attack)
        {
            case "scale":
                TensorPrimitives.Multiply(change, factor, change);
                break;
            case "sign-flip":
                TensorPrimitives.Multiply(change, -factor, change);
                break;
            case "random":
            {
                float norm = TensorPrimitives.Norm(change);
                // A stream per (seed, round, attacker): string hashes are randomized per process, list positions are not.
                int index = Math.Max(0, Array.IndexOf(attackers, participant));
                var random = new SeededRandom(unchecked(seed * 7919 + (int)round * 104729 + index * 15485863));
                for (int i = 0; i < change.Length; i++) change[i] = (float)random.NextNormal();
                float length = TensorPrimitives.Norm(change);
                if (length > 0) TensorPrimitives.Multiply(change, factor * norm / length, change);
                break;
            }
            default:
                throw new InvalidOperationException($"'{attack.Attack}' is not an update attack.");
        }
        var poisoned = new float[global.Length];
        TensorPrimitives.Add(global, change, poisoned);
        return poisoned;
    }
}
