namespace CircuitSpec.Activations;

/// <summary>Thrown from a hook to end a forward pass once everything it was run for is known.</summary>
internal sealed class StopForward : Exception
{
    /// <summary>Runs the model on the input; null when a hook stopped the pass early.</summary>
    public static TorchSharp.torch.Tensor? Call(Networks.Network model, TorchSharp.torch.Tensor input)
    {
        try
        {
            return model.call(input);
        }
        catch (StopForward)
        {
            return null;
        }
    }
}
