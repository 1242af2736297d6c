using Microsoft.ML.OnnxRuntime;

namespace FedAspire.Tests.Onnx;

/// <summary>Runs an exported model once through ONNX Runtime and keeps both outputs with their shapes.</summary>
internal sealed record OnnxScoringRun(float[] Reconstruction, long[] ReconstructionShape, float[] Scores, long[] ScoreShape)
{
    public static OnnxScoringRun Execute(InferenceSession session, float[] raw, float[] mask, long[] shape)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(raw, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input", "mask"], [input, maskValue], ["reconstruction", "score"]);
        var reconstruction = outputs[0];
        var scores = outputs[1];
        return new OnnxScoringRun(
            reconstruction.GetTensorDataAsSpan<float>().ToArray(),
            reconstruction.GetTensorTypeAndShape().Shape,
            scores.GetTensorDataAsSpan<float>().ToArray(),
            scores.GetTensorTypeAndShape().Shape);
    }

    /// <summary>A session on one thread: tests run beside other builds, and ORT's spinning thread pool would only steal their cores.</summary>
    public static InferenceSession Open(byte[] model)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return new InferenceSession(model, options);
    }

    public static OnnxScoringRun Execute(byte[] model, ParityData data)
    {
        using var session = Open(model);
        return Execute(session, data.Raw, data.Mask, data.InputShape);
    }
}
